package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped gracefully (as {@code squall stop} and Ctrl-C do) while a workflow runs: the
 * workflow is not abandoned; the task that was running finishes within the grace period, and
 * the next start on the same home continues the workflow from its stored state to its end. A
 * paused workflow stays paused across the stop.
 */
class WorkflowGracefulStopTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void aWorkflowRunningAtAStopFinishesAfterTheNextStart() throws Exception {
    Map<String, String> env = writePack();
    Path gate = packs.resolve("gate");
    String id;
    RunningSquall first = RunningSquall.startIn(home, env);
    try {
      id = start(first, gate);
      // The task runs on during the grace period: it ends (succeeded) while the server stops.
      Squall server = first.squall();
      Thread.ofVirtual().start(() -> {
        await().atMost(WAIT).until(() -> server.executions().stopping());
        touch(gate);
      });
    } finally {
      first.close();
    }
    assertThat(Files.exists(gate)).isTrue();

    try (RunningSquall second = RunningSquall.startIn(home, env)) {
      JsonNode done = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
          .until(() -> second.get("/api/v1/executions/" + id).json(),
              e -> Set.of("succeeded", "failed", "abandoned", "canceled").contains(e.get("status").asText()));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(done.at("/result/output/said").asText()).isEqualTo("after");
      assertThat(tasks(second, id)).containsExactly(Map.entry("first", "succeeded"), Map.entry("second", "succeeded"));
      List<String> log = new ArrayList<>();
      done.get("log").forEach(l -> log.add(l.get("status").asText()));
      assertThat(log).doesNotContain("abandoned");
    }
  }

  @Test
  void aPausedWorkflowStaysPausedAcrossAStopAndResumes() throws Exception {
    Map<String, String> env = writePack();
    Path gate = packs.resolve("gate");
    String id;
    try (RunningSquall first = RunningSquall.startIn(home, env)) {
      id = start(first, gate);
      assertThat(first.call("PUT", "/api/v1/executions/" + id, "{\"status\": \"pausing\"}").status()).isEqualTo(200);
      touch(gate);
      await().atMost(WAIT).until(() -> first.get("/api/v1/executions/" + id).json().get("status").asText().equals("paused"));
    }
    try (RunningSquall second = RunningSquall.startIn(home, env)) {
      assertThat(second.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("paused");
      assertThat(second.call("PUT", "/api/v1/executions/" + id, "{\"status\": \"resuming\"}").status()).isEqualTo(200);
      await().atMost(WAIT).until(() -> second.get("/api/v1/executions/" + id).json().get("status").asText()
          .equals("succeeded"));
      assertThat(tasks(second, id)).containsExactly(Map.entry("first", "succeeded"), Map.entry("second", "succeeded"));
    }
  }

  private static void touch(Path file) {
    try {
      Files.createFile(file);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // made already
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Starts the workflow and waits until its first task's command runs. */
  private static String start(RunningSquall s, Path gate) {
    RunningSquall.Response created = s.post("/api/v1/executions",
        Map.of("action", "flows.gated", "parameters", Map.of("gate", gate.toString())));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(WAIT).until(() -> {
      JsonNode children = s.get("/api/v1/executions/" + id + "/children").json();
      return children.size() == 1 && s.get("/api/v1/executions/" + children.get(0).get("id").asText()
          + "/output").body().contains("started");
    });
    return id;
  }

  private static Map<String, String> tasks(RunningSquall s, String id) {
    Map<String, String> tasks = new LinkedHashMap<>();
    s.get("/api/v1/executions/" + id + "/children").json().forEach(c ->
        tasks.put(c.at("/context/orquesta/task_name").asText(), c.get("status").asText()));
    return tasks;
  }

  private Map<String, String> writePack() throws Exception {
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
            action: core.echo
            input:
              message: after
            next:
              - publish: said=<% result().stdout %>
        output:
          - said: <% ctx(said) %>
        """);
    return Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs);
  }
}
