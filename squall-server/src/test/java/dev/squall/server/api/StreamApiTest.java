package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

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

class StreamApiTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall(Map.of("SQUALL_STREAM_HEARTBEAT", "1"));

  @Test
  void streamsExecutionUpdatesInStackStormsFrameFormatUntilTheEndEvent() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req = HttpRequest.newBuilder(squall.url().resolve(
            "/stream/v1/stream?events=st2.execution__update&x-auth-token=" + squall.adminToken()))
        .timeout(Duration.ofSeconds(30)).build();
    HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception ignored) {
        // the test closes the stream
      }
    });
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
    var created = squall.post("/api/v1/executions", Map.of("action", "core.local", "parameters", Map.of("cmd", "echo streamed")));
    String id = created.json().get("id").asText();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream()
        .anyMatch(l -> l.startsWith("data: ") && l.contains(id) && l.contains("\"succeeded\"")));
    var secret = squall.post("/api/v1/executions", Map.of("action", "testpack.secretive", "parameters", Map.of("token", "stream-secret-value")));
    String secretId = secret.json().get("id").asText();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream()
        .anyMatch(l -> l.startsWith("data: ") && l.contains(secretId) && l.contains("\"succeeded\"")));
    assertThat(lines).noneMatch(l -> l.contains("stream-secret-value"));
    int i = lines.indexOf(lines.stream().filter(l -> l.startsWith("data: ") && l.contains(id)).findFirst().orElseThrow());
    assertThat(lines.get(i - 1)).isEqualTo("event: st2.execution__update");
    assertThat(lines).noneMatch(l -> l.startsWith("event: st2.execution__create"));
    reader.interrupt();
  }

  @Test
  void sendsHeartbeatsWhileIdle() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req = HttpRequest.newBuilder(squall.url().resolve(
        "/stream/v1/stream?events=nothing.matches&x-auth-token=" + squall.adminToken())).build();
    HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    byte[] buf = new byte[3];
    int n = resp.body().readNBytes(buf, 0, 3);
    assertThat(n).isEqualTo(3);
    assertThat(new String(buf, StandardCharsets.UTF_8)).isEqualTo("\n\n\n");
    resp.body().close();
  }

  @Test
  void refusesAStreamWithoutCredentials() throws Exception {
    var r = squall.callWith(null, null, "GET", "/stream/v1/stream", null);
    assertThat(r.status()).isEqualTo(401);
  }
}
