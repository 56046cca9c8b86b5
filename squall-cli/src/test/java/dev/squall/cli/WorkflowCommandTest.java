package dev.squall.cli;

import static dev.squall.cli.OfflineCommandsTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code squall workflow rehearse} and {@code squall workflow inspect}, offline. */
class WorkflowCommandTest {

  @TempDir Path tmp;

  private static final String WORKFLOW = """
      version: 1.0
      input:
        - name
      tasks:
        greet:
          action: core.echo message="hello <% ctx(name) %>"
          next:
            - when: <% succeeded() %>
              publish: greeting=<% result().stdout %>
              do: shout
            - when: <% failed() %>
              do: fail
        shout:
          action: core.echo message=<% ctx(greeting) %>
      output:
        - greeting: <% ctx(greeting) %>
      """;

  private Path spec(String expectations) throws Exception {
    Files.writeString(tmp.resolve("greet.yaml"), WORKFLOW);
    Path spec = tmp.resolve("greet.rehearsal.yaml");
    Files.writeString(spec, """
        workflow: greet.yaml
        inputs:
          name: Stanley
        mock_action_executions:
          - task_id: greet
            result: {stdout: "hello Stanley"}
        """ + expectations);
    return spec;
  }

  @Test
  void rehearsePassesWhenEveryExpectationHolds() throws Exception {
    Path spec = spec("""
        expected_task_sequence: [greet, shout]
        expected_output: {greeting: "hello Stanley"}
        """);
    OfflineCommandsTest.Run r = cli("workflow", "rehearse", spec.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("ok: ");
  }

  @Test
  void rehearsePrintsTheDifferencesAndFails() throws Exception {
    Path spec = spec("""
        expected_task_sequence: [greet]
        expected_workflow_status: failed
        """);
    OfflineCommandsTest.Run r = cli("workflow", "rehearse", spec.toString(), "--base-path", tmp.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("task sequence: expected [greet], actual [greet, shout]")
        .contains("workflow status: expected failed, actual succeeded");
  }

  @Test
  void rehearseJsonPrintsWhatHappened() throws Exception {
    Path spec = spec("expected_task_sequence: [greet, shout]\n");
    OfflineCommandsTest.Run r = cli("workflow", "rehearse", spec.toString(), "--json");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"task_sequence\" : [ \"greet\", \"shout\" ]")
        .contains("\"workflow_status\" : \"succeeded\"").contains("\"term_tasks\"")
        .contains("\"inspection_errors\"");
  }

  @Test
  void inspectReportsFileLineAndReason() throws Exception {
    Path wf = tmp.resolve("broken.yaml");
    Files.writeString(wf, """
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - do: task9
        """);
    OfflineCommandsTest.Run r = cli("workflow", "inspect", wf.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("broken.yaml:6: error: The task \"task9\" is not defined.");
  }
}
