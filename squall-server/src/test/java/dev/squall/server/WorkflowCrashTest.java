package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orquesta workflow whose server is killed with -9 while its second task runs: the next
 * start on the same home continues the workflow from its stored state; the task that was running
 * is abandoned and routed as a failure, so the workflow's {@code failed()} branch runs. A paused
 * workflow stays paused across the kill and resumes on the new server.
 */
class WorkflowCrashTest {

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void aRestartContinuesTheWorkflowAndRoutesTheAbandonedTaskAsAFailure() throws Exception {
    writePack();
    Map<String, String> env = Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs);
    ChildSquall server = ChildSquall.start(home, env);
    String id;
    try {
      HttpResponse<String> created = server.send("POST", "/api/v1/executions",
          "{\"action\":\"flows.crashy\",\"parameters\":{}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      id = RunningSquall.JSON.readTree(created.body()).get("id").asText();
      await().atMost(Duration.ofSeconds(60)).until(() -> runningTask(server, id, "slow"));
    } finally {
      server.kill();
    }

    try (RunningSquall restarted = RunningSquall.startIn(home, env)) {
      JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> restarted.get("/api/v1/executions/" + id).json(),
              e -> Set.of("succeeded", "failed", "abandoned", "canceled").contains(e.get("status").asText()));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(done.at("/result/output/recovered").asText()).isEqualTo("yes");
      Map<String, String> tasks = new LinkedHashMap<>();
      restarted.get("/api/v1/executions/" + id + "/children").json().forEach(c ->
          tasks.put(c.at("/context/orquesta/task_name").asText(), c.get("status").asText()));
      assertThat(tasks).containsExactly(Map.entry("first", "succeeded"),
          Map.entry("slow", "abandoned"), Map.entry("cleanup", "succeeded"));
    }
  }

  @Test
  void aWorkflowPausedBeforeAKillIsStillPausedAfterTheRestartAndResumes() throws Exception {
    writePack();
    Path gate = packs.resolve("gate");
    Map<String, String> env = Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs);
    ChildSquall server = ChildSquall.start(home, env);
    String id;
    try {
      HttpResponse<String> created = server.send("POST", "/api/v1/executions",
          "{\"action\":\"flows.gated\",\"parameters\":{\"gate\":\"" + gate + "\"}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      id = RunningSquall.JSON.readTree(created.body()).get("id").asText();
      await().atMost(Duration.ofSeconds(60)).until(() -> runningTask(server, id, "first"));
      assertThat(server.send("PUT", "/api/v1/executions/" + id, "{\"status\":\"pausing\"}").statusCode())
          .isEqualTo(200);
      Files.createFile(gate);
      await().atMost(Duration.ofSeconds(60))
          .until(() -> server.json("/api/v1/executions/" + id).get("status").asText().equals("paused"));
    } finally {
      server.kill();
    }

    try (RunningSquall restarted = RunningSquall.startIn(home, env)) {
      assertThat(restarted.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("paused");
      assertThat(restarted.call("PUT", "/api/v1/executions/" + id, "{\"status\":\"resuming\"}").status())
          .isEqualTo(200);
      JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> restarted.get("/api/v1/executions/" + id).json(),
              e -> Set.of("succeeded", "failed", "abandoned", "canceled").contains(e.get("status").asText()));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      Map<String, String> tasks = new LinkedHashMap<>();
      restarted.get("/api/v1/executions/" + id + "/children").json().forEach(c ->
          tasks.put(c.at("/context/orquesta/task_name").asText(), c.get("status").asText()));
      assertThat(tasks).containsExactly(Map.entry("first", "succeeded"), Map.entry("second", "succeeded"));
    }
  }

  /** Whether the workflow's task {@code task} has a child that has started its command. */
  private static boolean runningTask(ChildSquall server, String id, String task) throws Exception {
    for (JsonNode c : server.json("/api/v1/executions/" + id + "/children")) {
      if (c.at("/context/orquesta/task_name").asText().equals(task)
          && server.send("GET", "/api/v1/executions/" + c.get("id").asText() + "/output", null)
              .body().contains("started")) {
        return true;
      }
    }
    return false;
  }

  private void writePack() throws Exception {
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
    flows.workflow("crashy", null, """
        version: 1.0
        vars:
          - recovered: "no"
        tasks:
          first:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: slow
          slow:
            action: core.local
            input:
              cmd: echo started; sleep 120
            next:
              - when: <% failed() %>
                publish: recovered="yes"
                do: cleanup
          cleanup:
            action: core.noop
        output:
          - recovered: <% ctx(recovered) %>
        """);
  }
}
