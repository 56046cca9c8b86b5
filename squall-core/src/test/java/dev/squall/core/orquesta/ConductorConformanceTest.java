package dev.squall.core.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of orquesta-cases.json, run through the conductor with the case's mocked results:
 * the task sequence, statuses, dispatched actions, routes, terminal tasks, workflow status trace,
 * output and errors must be what the real orquesta conductor produced.
 */
class ConductorConformanceTest {

  private final Rehearsal rehearsal = new Rehearsal(Expressions.standard());

  @TestFactory
  Stream<DynamicTest> everyCaseBehavesAsTheRealConductor() {
    return OrquestaCases.all().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"),
        () -> check(c)));
  }

  @SuppressWarnings("unchecked")
  private void check(Map<String, Object> c) {
    YamlDocument doc = YamlReader.parse((String) c.get("workflow_yaml"), null);
    WorkflowSpec spec = WorkflowParser.parse(doc).spec();
    Rehearsal.Outcome out = rehearsal.run(doc, (Map<String, Object>) c.getOrDefault("inputs", Map.of()),
        OrquestaCases.mocks(c, spec), OrquestaCases.requests(c));
    SoftAssertions soft = new SoftAssertions();
    if (c.containsKey("expected_inspection_errors")) {
      soft.assertThat(out.inspectionErrors()).as("inspection errors")
          .isEqualTo(c.get("expected_inspection_errors"));
      soft.assertAll();
      return;
    }
    soft.assertThat(out.inspectionErrors()).as("inspection errors").isEmpty();
    soft.assertThat(out.taskSequence()).as("task sequence").isEqualTo(c.get("expected_task_sequence"));
    soft.assertThat(out.taskStatuses()).as("task statuses").isEqualTo(c.get("expected_task_statuses"));
    soft.assertThat(out.actionRequests()).as("action requests").isEqualTo(c.get("expected_action_requests"));
    soft.assertThat(out.workflowStatus()).as("workflow status").isEqualTo(c.get("expected_workflow_status"));
    soft.assertThat(out.output()).as("output").isEqualTo(c.get("expected_output"));
    soft.assertThat(out.routes()).as("routes").isEqualTo(c.get("expected_routes"));
    soft.assertThat(out.termTasks()).as("term tasks")
        .containsExactlyInAnyOrderElementsOf((List<String>) c.get("expected_term_tasks"));
    soft.assertThat(out.statusTrace()).as("status trace").isEqualTo(c.get("expected_status_trace"));
    List<Map<String, Object>> actual = new ArrayList<>();
    out.errors().forEach(e -> actual.add(RehearsalSpec.comparable(e)));
    List<Map<String, Object>> expected = new ArrayList<>();
    ((List<Object>) c.get("expected_errors")).forEach(e -> expected.add(RehearsalSpec.comparable((Map<String, Object>) e)));
    soft.assertThat(actual).as("errors").isEqualTo(expected);
    soft.assertAll();
  }
}
