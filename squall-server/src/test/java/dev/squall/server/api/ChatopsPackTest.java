package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shipped chatops pack: push messages and results to chat from anywhere. */
class ChatopsPackTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  private List<String> listen(String events) throws Exception {
    HttpResponse<InputStream> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(squall.url().resolve(
        "/stream/v1/stream?events=" + events + "&x-auth-token=" + squall.adminToken())).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          lines.add(l);
        }
      } catch (Exception ignored) {
        // stream closed
      }
    });
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
    return lines;
  }

  @Test
  void postMessageAnnouncesOnTheStream() throws Exception {
    List<String> lines = listen("st2.announcement__chatops");
    JsonNode e = squall.runToEnd("chatops.post_message", Map.of("message", "deploy finished", "channel", "#ops", "user", "ann"));
    assertThat(e.get("status").asText()).isEqualTo("succeeded");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("\"message\":\"deploy finished\"")
            && l.contains("\"channel\":\"#ops\"") && l.contains("\"user\":\"ann\"")));
  }

  @Test
  void postResultRendersAnAliasExecutionsResultForItsChannel() throws Exception {
    List<String> lines = listen("st2.announcement__errbot");
    var r = squall.post("/api/v1/aliasexecution/match_and_execute",
        Map.of("command", "google squall and return 3 results", "source_channel", "nowhere", "user", "bob"));
    String id = r.json().at("/results/0/execution/id").asText();
    JsonNode e = squall.runToEnd("chatops.post_result", Map.of("execution_id", id, "channel", "#later", "route", "errbot"));
    assertThat(e.get("status").asText()).as(e.toString()).isEqualTo("succeeded");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("found 3 results for squall")
            && l.contains("\"channel\":\"#later\"")));
  }
}
