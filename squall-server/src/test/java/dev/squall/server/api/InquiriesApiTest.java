package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow with {@code core.ask} started through the API: it pauses, its inquiry is listed and
 * answered through {@code /api/v1/inquiries} and through {@code squall inquiry respond}, and it
 * goes on with the answer published.
 */
class InquiriesApiTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packs;
  private RunningSquall squall;

  @BeforeEach
  void start() throws Exception {
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("deploy", """
        who:
          type: array
          default: []
        """, """
        version: 1.0
        input:
          - who
        tasks:
          ask:
            action: core.ask
            input:
              users: <% ctx(who) %>
              schema:
                type: object
                properties:
                  continue: {type: boolean, required: true, description: "Deploy to prod?"}
                  replicas: {type: integer, default: 2}
            next:
              - when: <% succeeded() %>
                publish:
                  - go: <% result().response.continue %>
                  - replicas: <% result().response.replicas %>
                do: done
          done:
            action: core.noop
        output:
          - go: <% ctx().go %>
          - replicas: <% ctx().replicas %>
        """);
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs));
  }

  @AfterEach
  void stop() {
    squall.close();
  }

  @Test
  void anInquiryIsListedShownAndAnsweredThroughTheApiAndTheWorkflowGoesOn() {
    String wf = startPaused(Map.of());
    JsonNode list = squall.get("/api/v1/inquiries").json();
    assertThat(list.size()).isEqualTo(1);
    String id = list.get(0).get("id").asText();
    JsonNode one = squall.get("/api/v1/inquiries/" + id).json();
    assertThat(one.get("ttl").asInt()).isEqualTo(1440);
    assertThat(one.get("schema").get("properties").has("continue")).isTrue();

    RunningSquall.Response bad = squall.call("PUT", "/api/v1/inquiries/" + id,
        "{\"id\": \"" + id + "\", \"response\": {\"replicas\": \"many\"}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fault()).contains("'continue' is a required property").contains("parameter \"replicas\"");

    RunningSquall.Response ok = squall.call("PUT", "/api/v1/inquiries/" + id,
        "{\"id\": \"" + id + "\", \"response\": {\"continue\": true}}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("response").get("replicas").asInt()).isEqualTo(2);

    JsonNode done = finished(wf);
    assertThat(done.get("status").asText()).isEqualTo("succeeded");
    assertThat(done.get("result").get("output").get("go").asBoolean()).isTrue();
    assertThat(squall.get("/api/v1/inquiries").json().size()).isZero();
    assertThat(squall.get("/api/v1/inquiries/" + id).status()).isEqualTo(400);
  }

  @Test
  void anInquiryIsAnsweredNotEndedByAStatusUpdateAndARunningExecutionOnlyByItsRunner() {
    String wf = startPaused(Map.of());
    String id = squall.get("/api/v1/inquiries").json().get(0).get("id").asText();

    RunningSquall.Response ended = squall.call("PUT", "/api/v1/executions/" + id,
        "{\"status\": \"succeeded\", \"result\": {\"response\": {\"continue\": true}}}");
    assertThat(ended.status()).isEqualTo(400);
    assertThat(ended.fault()).isEqualTo("Execution \"" + id + "\" is an inquiry: answer it with PUT"
        + " /api/v1/inquiries/" + id + " (squall inquiry respond " + id + ")");
    RunningSquall.Response workflow = squall.call("PUT", "/api/v1/executions/" + wf, "{\"status\": \"failed\"}");
    assertThat(workflow.status()).isEqualTo(409);
    assertThat(workflow.fault()).contains("is paused: only its runner ends it (cancel it instead)");
    assertThat(squall.get("/api/v1/inquiries").json().size()).isEqualTo(1);
    assertThat(squall.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("pending");
  }

  @Test
  void squallInquiryRespondAnswersItFromTheShell() {
    String wf = startPaused(Map.of());
    String id = squall.get("/api/v1/inquiries").json().get(0).get("id").asText();
    assertThat(squall.cli("inquiry", "list")).contains(id);
    assertThat(squall.cli("inquiry", "get", id)).contains("\"continue\"");

    assertThat(squall.cli("inquiry", "respond", id, "continue=false", "replicas=5"))
        .contains("Response accepted for inquiry " + id);

    JsonNode done = finished(wf);
    assertThat(done.get("result").get("output").get("go").asBoolean()).isFalse();
    assertThat(done.get("result").get("output").get("replicas").asInt()).isEqualTo(5);
  }

  @Test
  void anInquiryForOtherUsersRefusesTheCallerWithTheReason() {
    startPaused(Map.of("who", java.util.List.of("alice")));
    String id = squall.get("/api/v1/inquiries").json().get(0).get("id").asText();

    RunningSquall.Response refused = squall.call("PUT", "/api/v1/inquiries/" + id,
        "{\"id\": \"" + id + "\", \"response\": {\"continue\": true}}");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.fault()).contains("for alice only");
    assertThat(squall.get("/api/v1/inquiries").json().size()).isEqualTo(1);
  }

  private String startPaused(Map<String, Object> params) {
    RunningSquall.Response created = squall.post("/api/v1/executions",
        Map.of("action", "flows.deploy", "parameters", params));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + id).json().get("status").asText(),
        "paused"::equals);
    return id;
  }

  private JsonNode finished(String id) {
    return await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + id).json(),
        e -> java.util.Set.of("succeeded", "failed", "timeout", "canceled").contains(e.get("status").asText()));
  }
}
