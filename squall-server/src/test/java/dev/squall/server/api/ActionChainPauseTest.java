package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Action chains on the real server: one whose first node is {@code core.ask} pauses until its
 * inquiry is answered through {@code PUT /api/v1/inquiries/{id}}, then goes on with the answer;
 * one paused and resumed by StackStorm's {@code PUT /api/v1/executions/{id}} and by
 * {@code squall execution pause|resume}. The gated chain's first node waits for a gate file.
 */
class ActionChainPauseTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packs;
  @TempDir Path work;
  private RunningSquall squall;
  private Path gate;

  @BeforeEach
  void start() throws Exception {
    gate = work.resolve("gate");
    Path chains = Files.createDirectories(packs.resolve("chains/actions/chains"));
    Files.writeString(packs.resolve("chains/pack.yaml"), "ref: chains\nname: chains\nversion: 1.0.0\n");
    Files.writeString(packs.resolve("chains/actions/second_factor.yaml"), """
        name: second_factor
        runner_type: action-chain
        entry_point: chains/second_factor.yaml
        """);
    Files.writeString(chains.resolve("second_factor.yaml"), """
        chain:
          - name: task1
            ref: core.ask
            params:
              schema:
                type: object
                properties:
                  secondfactor:
                    type: string
                    description: Second factor for "foo"
                    required: true
            publish:
              factor: "{{ task1.response.secondfactor }}"
            on-success: task2
          - name: task2
            ref: core.local
            params:
              cmd: echo "authenticated with {{ task1.result.response.secondfactor }}"
            publish:
              said: "{{ task2.stdout }}"
        """);
    Files.writeString(packs.resolve("chains/actions/gated.yaml"), """
        name: gated
        runner_type: action-chain
        entry_point: chains/gated.yaml
        parameters:
          gate:
            type: string
            required: true
        """);
    Files.writeString(chains.resolve("gated.yaml"), """
        chain:
          - name: first
            ref: core.local
            params:
              cmd: echo started; while [ ! -e '{{ gate }}' ]; do sleep 0.1; done; echo web01
            publish:
              host: "{{ first.stdout | replace('started', '') | trim }}"
            on-success: second
          - name: second
            ref: core.local
            params:
              cmd: echo "deployed to {{ host }}"
        """);
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs));
  }

  @AfterEach
  void stop() {
    squall.close();
  }

  @Test
  void aChainPausesOnItsInquiryAndTheAnswerThroughTheApiFinishesItWithThePublishedValue() {
    String id = created(squall.post("/api/v1/executions", Map.of("action", "chains.second_factor")));
    await().atMost(WAIT).until(() -> status(id), "paused"::equals);
    JsonNode inquiries = squall.get("/api/v1/inquiries").json();
    assertThat(inquiries.size()).isEqualTo(1);
    String ask = inquiries.get(0).get("id").asText();
    assertThat(tasks(id)).containsExactly("task1:pending");

    RunningSquall.Response answered = squall.call("PUT", "/api/v1/inquiries/" + ask,
        "{\"id\": \"" + ask + "\", \"response\": {\"secondfactor\": \"1234\"}}");
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);

    JsonNode done = finished(id);
    assertThat(done.get("status").asText()).isEqualTo("succeeded");
    assertThat(done.at("/result/published/factor").asText()).isEqualTo("1234");
    assertThat(done.at("/result/published/said").asText()).isEqualTo("authenticated with 1234");
    assertThat(done.at("/result/tasks/0/state").asText()).isEqualTo("succeeded");
    assertThat(done.at("/result/tasks/0/result/response/secondfactor").asText()).isEqualTo("1234");
    assertThat(tasks(id)).containsExactly("task1:succeeded", "task2:succeeded");
    assertThat(squall.get("/api/v1/inquiries").json().size()).isZero();
  }

  @Test
  void aChainPausedThroughTheApiEndsItsRunningNodeAndGoesOnWhenResumed() throws Exception {
    String id = startGated();
    JsonNode pausing = put(id, "pausing");
    assertThat(pausing.get("status").asText()).as(pausing.toString()).isEqualTo("pausing");
    assertThat(status(id)).isEqualTo("pausing"); // its running node has not ended

    Files.createFile(gate);
    await().atMost(WAIT).until(() -> status(id), "paused"::equals);
    assertThat(tasks(id)).containsExactly("first:succeeded");

    assertThat(put(id, "resuming").get("status").asText()).isIn("resuming", "running");
    JsonNode done = finished(id);
    assertThat(done.get("status").asText()).isEqualTo("succeeded");
    assertThat(tasks(id)).containsExactly("first:succeeded", "second:succeeded");
    assertThat(done.at("/result/tasks/1/result/stdout").asText()).contains("deployed to web01");
  }

  @Test
  void theCliPausesAndResumesAChain() throws Exception {
    String id = startGated();
    assertThat(squall.cli("execution", "pause", id)).isEqualTo(id + ": pausing\n");
    Files.createFile(gate);
    await().atMost(WAIT).until(() -> status(id), "paused"::equals);

    assertThat(squall.cli("execution", "resume", id)).isIn(id + ": resuming\n", id + ": running\n");
    assertThat(finished(id).get("status").asText()).isEqualTo("succeeded");
    assertThat(tasks(id)).containsExactly("first:succeeded", "second:succeeded");
  }

  /** Starts the gated chain and waits until its first node's command runs. */
  private String startGated() {
    String id = created(squall.post("/api/v1/executions",
        Map.of("action", "chains.gated", "parameters", Map.of("gate", gate.toString()))));
    await().atMost(WAIT).until(() -> {
      JsonNode children = squall.get("/api/v1/executions/" + id + "/children").json();
      return children.size() == 1 && squall.get("/api/v1/executions/" + children.get(0).get("id").asText()
          + "/output").body().contains("started");
    });
    return id;
  }

  private static String created(RunningSquall.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  private JsonNode put(String id, String status) {
    RunningSquall.Response r = squall.call("PUT", "/api/v1/executions/" + id, "{\"status\": \"" + status + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private String status(String id) {
    return squall.get("/api/v1/executions/" + id).json().get("status").asText();
  }

  private JsonNode finished(String id) {
    return await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + id).json(),
        e -> Set.of("succeeded", "failed", "timeout", "canceled").contains(e.get("status").asText()));
  }

  /** The chain's nodes as {@code name:status}, in the order they started. */
  private List<String> tasks(String id) {
    List<String> out = new ArrayList<>();
    squall.get("/api/v1/executions/" + id + "/children").json().forEach(c ->
        out.add(c.at("/context/chain/name").asText() + ":" + c.get("status").asText()));
    return out;
  }
}
