package dev.squall.core.orquesta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.orquesta.Conductor.ActionSpec;
import dev.squall.core.orquesta.Conductor.NextTask;
import dev.squall.core.orquesta.Conductor.TaskRerunRequest;
import dev.squall.core.orquesta.Event.ActionEvent;
import dev.squall.core.orquesta.Event.ItemEvent;
import dev.squall.core.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Re-running a completed workflow from its tasks, the cases of orquesta's
 * {@code test_workflow_conductor_rerun.py}: the conductor goes on from the stored state, the
 * tasks that succeeded are not run again.
 */
class ConductorRerunTest {

  private static final String CHAIN = """
      version: 1.0
      tasks:
        task1:
          action: core.echo message="one"
          next:
            - when: <% succeeded() %>
              publish: foobar="foobar"
              do: task2
        task2:
          action: core.noop
          next:
            - when: <% succeeded() %>
              publish: foobar="fubar"
              do: task3
        task3:
          action: core.noop
      output:
        - foobar: <% ctx().foobar %>
      """;

  private static final String ITEMS = """
      version: 1.0
      input:
        - xs: [a, b, c]
      tasks:
        task1:
          with: x in <% ctx(xs) %>
          action: core.echo message=<% item(x) %>
          next:
            - when: <% succeeded() %>
              do: task2
        task2:
          action: core.noop
      """;

  private static Conductor conductor(String yaml) {
    WorkflowSpec spec = WorkflowParser.parse(YamlReader.parse(yaml, null)).spec();
    Conductor c = new Conductor(spec, Expressions.standard(), Map.of(), Map.of());
    c.requestWorkflowStatus(Statuses.RUNNING);
    return c;
  }

  /** Runs the one next task to {@code status}; returns its id. */
  private static String forward(Conductor c, String status) {
    List<NextTask> next = c.nextTasks();
    assertThat(next).hasSize(1);
    NextTask t = next.getFirst();
    c.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.RUNNING, null));
    c.updateTaskState(t.id(), t.route(), new ActionEvent(status, Map.of("stdout", t.id())));
    return t.id();
  }

  /** The conductor as stored and read back, as the engine does between the runs. */
  private static Conductor storedAndRead(Conductor c) {
    return Conductor.restore(c.spec(), Expressions.standard(), c.serialize());
  }

  @Test
  void aFailedTaskRunsAgainAndTheWorkflowGoesOnToItsEnd() {
    Conductor c = conductor(CHAIN);
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task1");
    assertThat(forward(c, Statuses.FAILED)).isEqualTo("task2");
    c.renderWorkflowOutput();
    assertThat(c.workflowStatus()).isEqualTo(Statuses.FAILED);
    assertThat(c.output()).isEqualTo(Map.of("foobar", "foobar"));
    assertThat(c.errors()).anyMatch(e -> "task2".equals(e.get("task_id")));

    Conductor again = storedAndRead(c);
    again.requestWorkflowRerun(again.rerunRequests(List.of("task2"), List.of()));
    assertThat(again.workflowStatus()).isEqualTo(Statuses.RESUMING);
    assertThat(again.output()).isNull();
    assertThat(again.errors()).noneMatch(e -> "task2".equals(e.get("task_id")));

    // task1 is not run again: task2 is next, then task3, with task1's published value.
    assertThat(forward(again, Statuses.SUCCEEDED)).isEqualTo("task2");
    assertThat(again.workflowStatus()).isEqualTo(Statuses.RUNNING);
    assertThat(forward(again, Statuses.SUCCEEDED)).isEqualTo("task3");
    again.renderWorkflowOutput();
    assertThat(again.workflowStatus()).isEqualTo(Statuses.SUCCEEDED);
    assertThat(again.output()).isEqualTo(Map.of("foobar", "fubar"));
    assertThat(again.sequence().stream().map(t -> t.get("id")))
        .containsExactly("task1", "task2", "task2", "task3");
    assertThat(again.serialize()).extractingByKey("state").asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("reruns", List.of(List.of(1L)));
  }

  @Test
  void aFailedTaskThatFailsAgainLeavesTheWorkflowFailedAndCanBeRerunOnceMore() {
    Conductor c = conductor(CHAIN);
    forward(c, Statuses.SUCCEEDED);
    forward(c, Statuses.FAILED);
    c.requestWorkflowRerun(c.rerunRequests(List.of("task2"), List.of()));
    assertThat(forward(c, Statuses.FAILED)).isEqualTo("task2");
    assertThat(c.workflowStatus()).isEqualTo(Statuses.FAILED);

    c.requestWorkflowRerun(c.rerunRequests(List.of("task2"), List.of()));
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task2");
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task3");
    assertThat(c.workflowStatus()).isEqualTo(Statuses.SUCCEEDED);
  }

  @Test
  void withoutTasksTheFailedTerminalTasksRunAgain() {
    Conductor c = conductor(CHAIN);
    forward(c, Statuses.SUCCEEDED);
    forward(c, Statuses.FAILED);
    c.requestWorkflowRerun(null);
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task2");
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task3");
    assertThat(c.workflowStatus()).isEqualTo(Statuses.SUCCEEDED);
  }

  @Test
  void aSucceededTaskRunsAgainWithWhatFollowsIt() {
    Conductor c = conductor(CHAIN);
    forward(c, Statuses.SUCCEEDED);
    forward(c, Statuses.FAILED);
    c.requestWorkflowRerun(c.rerunRequests(List.of("task1"), List.of()));
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task1");
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task2");
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task3");
    c.renderWorkflowOutput();
    assertThat(c.workflowStatus()).isEqualTo(Statuses.SUCCEEDED);
    assertThat(c.output()).isEqualTo(Map.of("foobar", "fubar"));
  }

  @Test
  void aRunningWorkflowCannotBeRerun() {
    Conductor c = conductor(CHAIN);
    forward(c, Statuses.SUCCEEDED);
    assertThatThrownBy(() -> c.requestWorkflowRerun(null))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Unable to rerun workflow because it is not in a completed state.");
  }

  @Test
  void aTaskThatDidNotRunOrDoesNotExistIsRefusedByName() {
    Conductor c = conductor(CHAIN);
    forward(c, Statuses.SUCCEEDED);
    forward(c, Statuses.FAILED);
    assertThatThrownBy(() -> c.rerunRequests(List.of("task3", "task4"), List.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Unable to rerun workflow because one or more tasks is not found: task3,task4");
    assertThatThrownBy(() -> c.requestWorkflowRerun(List.of(new TaskRerunRequest("task3", 0, false))))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Unable to rerun task|route(s) because it doesn't exist or isn't rerunnable: task3|0");
    assertThat(c.workflowStatus()).isEqualTo(Statuses.FAILED);
  }

  /** Runs the items of task1: {@code failing} fail, the others succeed. */
  private static void runItems(Conductor c, List<Integer> expected, List<Integer> failing) {
    List<NextTask> next = c.nextTasks();
    assertThat(next).hasSize(1);
    NextTask t = next.getFirst();
    assertThat(t.id()).isEqualTo("task1");
    assertThat(t.actions().stream().map(ActionSpec::itemId)).containsExactlyElementsOf(expected);
    List<Object> acc = new ArrayList<>(java.util.Collections.nCopies(t.itemsCount(), null));
    for (ActionSpec a : t.actions()) {
      c.updateTaskState("task1", 0, new ItemEvent(a.itemId(), Statuses.RUNNING, null, null));
    }
    for (ActionSpec a : t.actions()) {
      boolean fails = failing.contains(a.itemId());
      Object result = fails ? null : ((Map<?, ?>) a.input()).get("message");
      acc.set(a.itemId(), Map.of("result", String.valueOf(result)));
      c.updateTaskState("task1", 0, new ItemEvent(a.itemId(), fails ? Statuses.FAILED : Statuses.SUCCEEDED,
          result, new ArrayList<>(acc)));
    }
  }

  @Test
  void withItemsOnlyTheFailedItemsRunAgain() {
    Conductor c = conductor(ITEMS);
    runItems(c, List.of(0, 1, 2), List.of(1));
    assertThat(c.workflowStatus()).isEqualTo(Statuses.FAILED);

    Conductor again = storedAndRead(c);
    again.requestWorkflowRerun(again.rerunRequests(List.of("task1"), List.of()));
    runItems(again, List.of(1), List.of());
    assertThat(forward(again, Statuses.SUCCEEDED)).isEqualTo("task2");
    assertThat(again.workflowStatus()).isEqualTo(Statuses.SUCCEEDED);
  }

  @Test
  void withItemsResetRunsEveryItemAgain() {
    Conductor c = conductor(ITEMS);
    runItems(c, List.of(0, 1, 2), List.of(1));
    c.requestWorkflowRerun(c.rerunRequests(List.of("task1"), List.of("task1")));
    runItems(c, List.of(0, 1, 2), List.of());
    assertThat(forward(c, Statuses.SUCCEEDED)).isEqualTo("task2");
    assertThat(c.workflowStatus()).isEqualTo(Statuses.SUCCEEDED);
  }
}
