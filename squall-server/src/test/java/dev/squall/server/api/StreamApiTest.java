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
  void aDeletedApiKeyClosesItsOpenStreamWithinAHeartbeat() throws Exception {
    var created = squall.post("/api/v1/apikeys", Map.of());
    String key = created.json().get("key").asText();
    InputStream body = open("st2-api-key=" + key);
    assertThat(body.read()).isEqualTo('\n');
    assertThat(squall.call("DELETE", "/api/v1/apikeys/" + created.json().get("id").asText(), null).status())
        .isEqualTo(204);
    // at most the one heartbeat already on its way: the next one waits for the check
    assertThat(readToEnd(body)).matches("\n?");
  }

  @Test
  void anExpiredTokenClosesItsOpenStream() throws Exception {
    String basic = java.util.Base64.getEncoder().encodeToString(
        ("admin:" + RunningSquall.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    var login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(squall.url().resolve("/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\": 2}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(201);
    String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.body()).get("token").asText();
    InputStream body = open("x-auth-token=" + token);
    assertThat(readToEnd(body)).matches("\n+");
  }

  /** An idle stream (no event matches) with the given credential in the query string. */
  private static InputStream open(String credential) throws Exception {
    HttpResponse<InputStream> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(squall.url()
            .resolve("/stream/v1/stream?events=nothing.matches&" + credential)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.statusCode()).isEqualTo(200);
    return resp.body();
  }

  /** Reads until the server ends the stream; a stream that never ends fails the test after 20 s. */
  private static String readToEnd(InputStream body) throws Exception {
    var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      return read.get(20, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      body.close();
    }
  }

  @Test
  void refusesAStreamWithoutCredentials() throws Exception {
    var r = squall.callWith(null, null, "GET", "/stream/v1/stream", null);
    assertThat(r.status()).isEqualTo(401);
  }
}
