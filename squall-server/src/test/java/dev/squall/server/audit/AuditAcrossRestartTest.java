package dev.squall.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.server.RunningSquall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit record of a chat command whose execution outlives the server (H2, two runs on one
 * home): a chain paused on its inquiry when the server stops; after the restart its answer lets
 * it finish, and the record, left open by the first run, gets the final status.
 */
class AuditAcrossRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACK = Pattern.compile("Your execution ID is ([0-9a-f]{24})");

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void aCommandsRecordGetsTheFinalStatusOfAnExecutionThatEndedAfterARestart() throws Exception {
    Map<String, String> env = writePack();
    String id;
    String record;
    try (RunningSquall first = RunningSquall.startIn(home, env)) {
      List<JsonNode> received = new CopyOnWriteArrayList<>();
      WebSocket tab = open(first, received);
      tab.sendText(JSON.writeValueAsString(Map.of("text", "authenticate")), true).join();
      Matcher ack = await().atMost(WAIT).until(() -> received.stream()
          .map(m -> ACK.matcher(m.path("text").asText())).filter(Matcher::find).findFirst(), java.util.Optional::isPresent)
          .orElseThrow();
      id = ack.group(1);
      await().atMost(WAIT).until(() -> status(first, id), "paused"::equals);
      JsonNode open = await().atMost(WAIT).until(() -> audit(first), r -> r.size() == 1);
      record = open.get(0).get("id").asText();
      assertThat(open.get(0).get("outcome").asText()).isEqualTo("ran");
      assertThat(open.get(0).get("execution_ids").get(0).asText()).isEqualTo(id);
      assertThat(open.get(0).path("status").isMissingNode() || open.get(0).get("status").isNull())
          .as(open.toString()).isTrue();
      tab.abort();
    }

    try (RunningSquall second = RunningSquall.startIn(home, env)) {
      assertThat(status(second, id)).isEqualTo("paused");
      String ask = await().atMost(WAIT).until(() -> second.get("/api/v1/inquiries").json(), l -> l.size() == 1)
          .get(0).get("id").asText();
      RunningSquall.Response answered = second.call("PUT", "/api/v1/inquiries/" + ask,
          "{\"id\": \"" + ask + "\", \"response\": {\"secondfactor\": \"1234\"}}");
      assertThat(answered.status()).as(answered.body()).isEqualTo(200);
      await().atMost(WAIT).until(() -> status(second, id), "succeeded"::equals);

      JsonNode ended = await().atMost(WAIT).until(() -> second.get("/api/v1/audit/" + record).json(),
          r -> r.path("status").isTextual());
      assertThat(ended.get("status").asText()).isEqualTo("succeeded");
      assertThat(ended.path("ended_at").isTextual()).as(ended.toString()).isTrue();
    }
  }

  private static String status(RunningSquall s, String id) {
    return s.get("/api/v1/executions/" + id).json().get("status").asText();
  }

  private static JsonNode audit(RunningSquall s) {
    return s.get("/api/v1/audit?action=chains.second_factor").json();
  }

  /** A browser chat tab on the server's web chat, as admin. */
  private static WebSocket open(RunningSquall s, List<JsonNode> received) {
    return HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + s.squall().port() + "/chat/ws?x-auth-token=" + s.adminToken()),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  try {
                    received.add(JSON.readTree(partial.toString()));
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                  partial.setLength(0);
                }
                w.request(1);
                return null;
              }
            })
        .join();
  }

  private Map<String, String> writePack() throws Exception {
    Path chains = Files.createDirectories(packs.resolve("chains/actions/chains"));
    Files.createDirectories(packs.resolve("chains/aliases"));
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
                  secondfactor: {type: string, required: true}
            on-success: task2
          - name: task2
            ref: core.echo
            params:
              message: "authenticated with {{ task1.response.secondfactor }}"
        """);
    Files.writeString(packs.resolve("chains/aliases/authenticate.yaml"), """
        name: authenticate
        action_ref: chains.second_factor
        description: Authenticate with a second factor.
        formats:
          - "authenticate"
        """);
    return Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs);
  }
}
