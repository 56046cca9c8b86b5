package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause, resume and cancel of an orquesta workflow by StackStorm's {@code PUT
 * /api/v1/executions/{id}} and {@code squall execution pause|resume}. The workflow's first task
 * waits for a gate file, so the test decides when it ends.
 */
class WorkflowPauseTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packs;
  @TempDir Path work;
  private RunningSquall squall;
  private Path gate;

  @BeforeEach
  void start() throws Exception {
    gate = work.resolve("gate");
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("gated", """
        gate:
          type: string
          required: true
        """, """
        version: 1.0
        input:
          - gate
        tasks:
          first:
            action: core.local
            input:
              cmd: echo started; while [ ! -e '<% ctx(gate) %>' ]; do sleep 0.1; done
            next:
              - when: <% succeeded() %>
                do: second
          second:
            action: core.noop
        """);
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs));
  }

  @AfterEach
  void stop() {
    squall.close();
  }

  @Test
  void aPausedWorkflowStartsNoNewTaskUntilResumed() throws Exception {
    String id = startGated();
    JsonNode pausing = put(id, "pausing");
    assertThat(pausing.get("status").asText()).as(pausing.toString()).isEqualTo("pausing");
    assertThat(status(id)).isEqualTo("pausing"); // its running task has not ended

    Files.createFile(gate);
    await().atMost(WAIT).until(() -> status(id).equals("paused"));
    assertThat(tasks(id)).containsExactly("first:succeeded");

    assertThat(put(id, "resuming").get("status").asText()).isIn("resuming", "running");
    await().atMost(WAIT).until(() -> status(id).equals("succeeded"));
    assertThat(tasks(id)).containsExactly("first:succeeded", "second:succeeded");
  }

  @Test
  void aPausedWorkflowCanBeCanceledByStatus() throws Exception {
    String id = startGated();
    put(id, "pausing");
    Files.createFile(gate);
    await().atMost(WAIT).until(() -> status(id).equals("paused"));

    put(id, "canceling");
    await().atMost(WAIT).until(() -> status(id).equals("canceled"));
    assertThat(tasks(id)).containsExactly("first:succeeded");
  }

  @Test
  void onlyARunningWorkflowCanBePaused() throws Exception {
    String command = squall.post("/api/v1/executions", Map.of("action", "core.local",
        "parameters", Map.of("cmd", "sleep 30"))).json().get("id").asText();
    RunningSquall.Response refused = squall.call("PUT", "/api/v1/executions/" + command, "{\"status\": \"pausing\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.fault()).contains("does not support pause");
    squall.call("DELETE", "/api/v1/executions/" + command, null);

    String id = startGated();
    // Resuming a running workflow is StackStorm's no-op: it answers the execution as it is.
    assertThat(put(id, "resuming").get("status").asText()).isEqualTo("running");
    // Only a pending execution's status is set to an end; a running one's runner ends it.
    RunningSquall.Response ending = squall.call("PUT", "/api/v1/executions/" + id, "{\"status\": \"succeeded\"}");
    assertThat(ending.status()).isEqualTo(409);
    assertThat(ending.fault()).contains("is running: only its runner ends it (cancel it instead)");
    RunningSquall.Response unknown = squall.call("PUT", "/api/v1/executions/" + id, "{\"status\": \"delayed\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.fault()).contains("Status \"delayed\" is not supported");
    Files.createFile(gate);
    await().atMost(WAIT).until(() -> status(id).equals("succeeded"));
    RunningSquall.Response finished = squall.call("PUT", "/api/v1/executions/" + id, "{\"status\": \"pausing\"}");
    assertThat(finished.status()).isEqualTo(400);
    assertThat(finished.fault()).contains("not in a running state");
  }

  @Test
  void theCliPausesAndResumesAWorkflow() throws Exception {
    String id = startGated();
    assertThat(squall.cli("execution", "pause", id)).isEqualTo(id + ": pausing\n");
    Files.createFile(gate);
    await().atMost(WAIT).until(() -> status(id).equals("paused"));

    assertThat(squall.cli("execution", "resume", id)).isIn(id + ": resuming\n", id + ": running\n");
    await().atMost(WAIT).until(() -> status(id).equals("succeeded"));
    assertThat(tasks(id)).containsExactly("first:succeeded", "second:succeeded");
  }

  /** Starts the workflow and waits until its first task's command runs. */
  private String startGated() {
    RunningSquall.Response created = squall.post("/api/v1/executions",
        Map.of("action", "flows.gated", "parameters", Map.of("gate", gate.toString())));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(WAIT).until(() -> {
      JsonNode children = squall.get("/api/v1/executions/" + id + "/children").json();
      return children.size() == 1 && squall.get("/api/v1/executions/" + children.get(0).get("id").asText()
          + "/output").body().contains("started");
    });
    return id;
  }

  private JsonNode put(String id, String status) {
    RunningSquall.Response r = squall.call("PUT", "/api/v1/executions/" + id, "{\"status\": \"" + status + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private String status(String id) {
    return squall.get("/api/v1/executions/" + id).json().get("status").asText();
  }

  /** The workflow's tasks as {@code name:status}, in the order they started. */
  private List<String> tasks(String id) {
    List<String> out = new ArrayList<>();
    squall.get("/api/v1/executions/" + id + "/children").json().forEach(c ->
        out.add(c.at("/context/orquesta/task_name").asText() + ":" + c.get("status").asText()));
    return out;
  }
}
