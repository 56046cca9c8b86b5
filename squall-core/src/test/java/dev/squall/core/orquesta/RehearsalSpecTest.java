package dev.squall.core.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Each case of orquesta-cases.json written as an orquesta rehearsal spec and rehearsed. */
class RehearsalSpecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Expressions expressions = Expressions.standard();

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everyCaseAsARehearsalSpecPasses() {
    return OrquestaCases.all().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
      Path spec = write(c, dir.resolve((String) c.get("name")));
      RehearsalSpec.Result r = RehearsalSpec.rehearse(spec, null, expressions);
      assertThat(r.differences()).isEmpty();
    }));
  }

  @Test
  void listsEachExpectationThatDoesNotHold() throws IOException {
    Map<String, Object> c = OrquestaCases.all().getFirst();
    Map<String, Object> wrong = new LinkedHashMap<>(c);
    wrong.put("expected_task_sequence", List.of("task1", "task3"));
    wrong.put("expected_workflow_status", "failed");
    Path spec = write(wrong, dir.resolve("wrong"));
    RehearsalSpec.Result r = RehearsalSpec.rehearse(spec, null, expressions);
    assertThat(r.passed()).isFalse();
    assertThat(r.differences()).anyMatch(d -> d.startsWith("task sequence: expected [task1, task3]"))
        .anyMatch(d -> d.startsWith("workflow status: expected failed, actual succeeded"));
  }

  @Test
  void aRehearsalHasNoDatastoreAndSaysSoNamingSt2kv() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("st2kv"));
    Files.writeString(folder.resolve("workflow.yaml"), """
        version: 1.0
        tasks:
          task1:
            action: core.echo
            input:
              message: <% st2kv('system.greeting') %>
        """);
    Path spec = folder.resolve("rehearsal.yaml");
    Files.writeString(spec, """
        workflow: workflow.yaml
        expected_task_sequence: []
        expected_workflow_status: failed
        """);
    RehearsalSpec.Result r = RehearsalSpec.rehearse(spec, null, expressions);
    assertThat(r.differences()).isEmpty();
    assertThat(r.outcome().errors().toString())
        .contains("st2kv('system.greeting') reads the datastore of a running Squall server");
  }

  /** Writes the case's workflow and a rehearsal spec for it into {@code folder}; returns the spec. */
  @SuppressWarnings("unchecked")
  static Path write(Map<String, Object> c, Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("workflow.yaml"), (String) c.get("workflow_yaml"));
    WorkflowSpec wf = WorkflowParser.parse(YamlReader.parse((String) c.get("workflow_yaml"), null)).spec();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("workflow", "workflow.yaml");
    spec.put("inputs", c.getOrDefault("inputs", Map.of()));
    List<Map<String, Object>> mocks = new ArrayList<>();
    for (Rehearsal.Mock m : OrquestaCases.mocks(c, wf)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("task_id", m.taskId);
      if (m.itemId != null) {
        e.put("item_id", m.itemId);
      }
      e.put("status", m.status);
      e.put("result", m.result);
      mocks.add(e);
    }
    spec.put("mock_action_executions", mocks);
    spec.put("requests", c.getOrDefault("requests", List.of()));
    spec.put("expected_task_sequence", c.get("expected_task_sequence"));
    if (c.containsKey("expected_inspection_errors")) {
      spec.put("expected_inspection_errors", c.get("expected_inspection_errors"));
    } else {
      spec.put("expected_routes", c.get("expected_routes"));
      spec.put("expected_term_tasks", c.get("expected_term_tasks"));
      spec.put("expected_workflow_status", c.get("expected_workflow_status"));
      spec.put("expected_output", c.get("expected_output"));
      spec.put("expected_errors", c.get("expected_errors"));
    }
    Path file = folder.resolve("rehearsal.yaml");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    return file;
  }
}
