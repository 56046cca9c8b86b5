package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inquiries page against the real {@code /api/v1/inquiries}: two workflows paused on
 * {@code core.ask} (started through the API), the page lists both with forms made from their
 * schema, a third one arrives and, answered elsewhere, leaves the page without a reload,
 * answering one resumes its workflow with the answer published, and the one meant for another
 * user is refused with the server's reason next to its form.
 */
class WebUiInquiriesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void aWorkflowsQuestionIsAnsweredFromTheInquiriesPageAndOneForAnotherUserIsRefusedThere() throws Exception {
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
                title: Deploy to production?
                type: object
                properties:
                  approved: {type: boolean, description: "Approve the deployment", required: true}
                  reason: {type: string, description: "Why"}
                  env: {type: string, enum: [staging, production]}
                required: [reason]
            next:
              - when: <% succeeded() %>
                publish:
                  - approved: <% result().response.approved %>
                  - reason: <% result().response.reason %>
                  - env: <% result().response.env %>
                do: done
          done:
            action: core.noop
        output:
          - approved: <% ctx().approved %>
          - reason: <% ctx().reason %>
          - env: <% ctx().env %>
        """);
    try (RunningSquall squall = RunningSquall.startIn(home,
        Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs))) {
      String openFlow = startPaused(squall, List.of());
      String open = inquiryOf(squall, Set.of());
      String alicesFlow = startPaused(squall, List.of("alice"));
      String alices = inquiryOf(squall, Set.of(open));

      try (Browser b = Browser.run("inquiries", squall.url(), Map.of("OPEN", open, "ALICE", alices))) {
        JsonNode forms = b.next("forms");
        assertThat(forms.path("count").asInt()).isEqualTo(2);
        assertThat(forms.path("title").asText()).startsWith("Deploy to production?");
        assertThat(strings(forms.path("labels"))).containsExactly("approved", "reason", "env");
        assertThat(forms.path("approvedType").asText()).isEqualTo("checkbox");
        assertThat(strings(forms.path("envOptions"))).contains("staging", "production");
        assertThat(forms.path("alicesFacts").asText()).contains("alice");

        String thirdFlow = startPaused(squall, List.of());
        String third = inquiryOf(squall, Set.of(open, alices));
        assertThat(b.next("arrived").path("id").asText()).as("a new inquiry appears without a reload").isEqualTo(third);
        RunningSquall.Response elsewhere = squall.call("PUT", "/api/v1/inquiries/" + third,
            "{\"id\": \"" + third + "\", \"response\": {\"approved\": false, \"reason\": \"from the API\", \"env\": \"staging\"}}");
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(200);
        assertThat(b.next("closed").path("text").asText())
            .isEqualTo("Inquiry " + third + " is no longer waiting: succeeded.");
        await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + thirdFlow).json().path("status").asText(),
            "succeeded"::equals);
        assertThat(b.next("required").path("error").asText()).isEqualTo("Required");

        assertThat(b.next("responded").path("message").asText())
            .isEqualTo("Response accepted for inquiry " + open + ".");
        JsonNode done = await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + openFlow).json(),
            e -> "succeeded".equals(e.path("status").asText()));
        assertThat(done.at("/result/output/approved").asBoolean()).isTrue();
        assertThat(done.at("/result/output/reason").asText()).isEqualTo("tested on staging");
        assertThat(done.at("/result/output/env").asText()).isEqualTo("production");

        JsonNode refused = b.next("refused");
        assertThat(refused.path("error").asText()).contains("You may not answer this").contains("alice");
        assertThat(refused.path("formStays").asBoolean()).isTrue();
        JsonNode execution = b.next("execution");
        assertThat(execution.path("url").asText()).endsWith("#/history/" + alices + "/general");
        assertThat(execution.path("parent").asText()).isEqualTo(alicesFlow);
        b.finish();
      }
      assertThat(squall.get("/api/v1/executions/" + alicesFlow).json().path("status").asText())
          .as("the refused answer changed nothing").isEqualTo("paused");
      JsonNode left = squall.get("/api/v1/inquiries").json();
      assertThat(left.size()).isEqualTo(1);
      assertThat(left.get(0).path("id").asText()).isEqualTo(alices);
    }
  }

  private static String startPaused(RunningSquall squall, List<String> who) {
    RunningSquall.Response created = squall.post("/api/v1/executions",
        Map.of("action", "flows.deploy", "parameters", Map.of("who", who)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + id).json().path("status").asText(),
        "paused"::equals);
    return id;
  }

  /** The id of the one pending inquiry not among {@code known}. */
  private static String inquiryOf(RunningSquall squall, Set<String> known) {
    List<String> fresh = new ArrayList<>();
    squall.get("/api/v1/inquiries").json().forEach(q -> {
      if (!known.contains(q.path("id").asText())) {
        fresh.add(q.path("id").asText());
      }
    });
    assertThat(fresh).hasSize(1);
    return fresh.get(0);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
