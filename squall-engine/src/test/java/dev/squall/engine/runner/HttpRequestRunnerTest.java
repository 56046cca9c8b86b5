package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRequestRunnerTest {

  private HttpServer server;
  private ExecutorService pool;
  private String base;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch slowArrived = new CountDownLatch(1);
  private final AtomicReference<Map<String, String>> seen = new AtomicReference<>();
  private final HttpRequestRunner runner = new HttpRequestRunner();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(pool);
    server.createContext("/json", ex -> reply(ex, 200, "application/json; charset=utf-8",
        "{\"a\": 1, \"list\": [true, null]}"));
    server.createContext("/text", ex -> reply(ex, 200, "text/plain", "plain words\n"));
    server.createContext("/missing", ex -> reply(ex, 404, "application/json",
        "{\"faultstring\": \"not here\"}"));
    server.createContext("/echo", ex -> {
      Map<String, String> request = new HashMap<>();
      request.put("method", ex.getRequestMethod());
      request.put("query", String.valueOf(ex.getRequestURI().getRawQuery()));
      request.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.getRequestHeaders().forEach((k, v) -> request.put(k.toLowerCase(), String.join(",", v)));
      seen.set(request);
      reply(ex, 200, "text/plain", "ok");
    });
    server.createContext("/secret", ex -> {
      String expected = "Basic " + Base64.getEncoder()
          .encodeToString("stanley:s3cret".getBytes(StandardCharsets.UTF_8));
      boolean ok = expected.equals(ex.getRequestHeaders().getFirst("Authorization"));
      reply(ex, ok ? 200 : 401, "text/plain", ok ? "welcome" : "who are you");
    });
    server.createContext("/slow", ex -> {
      slowArrived.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(ex, 200, "text/plain", "late");
    });
    server.createContext("/moved", ex -> {
      ex.getResponseHeaders().add("Location", "/text");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  private static void reply(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private RunnerResult run(Map<String, Object> params) {
    return runner.run(context(action("http-request", "", null), params, OutputSink.DISCARD));
  }

  @Test
  void getParsesAJsonResponse() {
    RunnerResult r = run(Map.of("url", base + "/json"));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result()).containsEntry("status_code", 200).containsEntry("parsed", true)
        .containsKey("headers");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) r.result().get("body");
    assertThat(body).containsEntry("a", 1).containsKey("list");
  }

  @Test
  void keepsANonJsonResponseAsText() {
    RunnerResult r = run(Map.of("url", base + "/text"));

    assertThat(r.result()).containsEntry("body", "plain words\n").containsEntry("parsed", false);
  }

  @Test
  void postsAnObjectBodyAsJsonWithHeadersCookiesAndQuery() {
    Map<String, Object> params = new HashMap<>();
    params.put("url", base + "/echo");
    params.put("body", Map.of("greeting", "hi"));
    params.put("headers", Map.of("X-Custom", "yes"));
    params.put("cookies", Map.of("session", "abc"));
    params.put("params", Map.of("q", "a b&c"));

    RunnerResult r = run(params);

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(seen.get()).containsEntry("method", "POST")
        .containsEntry("body", "{\"greeting\":\"hi\"}")
        .containsEntry("content-type", "application/json").containsEntry("x-custom", "yes")
        .containsEntry("cookie", "session=abc").containsEntry("query", "q=a+b%26c")
        .containsEntry("x-stanley-action", "act");
  }

  @Test
  void sendsAStringBodyAsIsAndValidatesItForJsonContentType() {
    run(Map.of("url", base + "/echo", "method", "put", "body", "raw=1"));
    assertThat(seen.get()).containsEntry("method", "PUT").containsEntry("body", "raw=1");

    run(Map.of("url", base + "/echo", "body", "{\"a\": [1, 2]}",
        "headers", Map.of("Content-Type", "application/json")));
    assertThat(seen.get()).containsEntry("body", "{\"a\":[1,2]}");

    RunnerResult bad = run(Map.of("url", base + "/echo", "body", "{not json",
        "headers", Map.of("Content-Type", "application/json")));
    assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) bad.result().get("error")).contains("can't be parsed as JSON");
  }

  @Test
  void clientAndServerErrorsFail() {
    RunnerResult r = run(Map.of("url", base + "/missing"));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.result()).containsEntry("status_code", 404)
        .containsEntry("body", Map.of("faultstring", "not here"));
  }

  @Test
  void sendsBasicAuth() {
    assertThat(run(Map.of("url", base + "/secret", "username", "stanley", "password", "s3cret"))
        .result()).containsEntry("status_code", 200).containsEntry("body", "welcome");
    assertThat(run(Map.of("url", base + "/secret")).status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void timesOut() {
    RunnerResult r = run(Map.of("url", base + "/slow", "timeout", 0.3));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat((String) r.result().get("error")).contains("timed out");
  }

  @Test
  void interruptCancels() throws Exception {
    AtomicReference<RunnerResult> result = new AtomicReference<>();
    Thread caller = Thread.ofVirtual()
        .start(() -> result.set(run(Map.of("url", base + "/slow"))));
    assertThat(slowArrived.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(Duration.ofSeconds(10));

    assertThat(result.get().status()).isEqualTo(ExecutionStatus.CANCELED);
  }

  @Test
  void followsRedirectsOnlyWhenAllowed() {
    RunnerResult off = run(Map.of("url", base + "/moved"));
    assertThat(off.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(off.result()).containsEntry("status_code", 302);

    RunnerResult on = run(Map.of("url", base + "/moved", "allow_redirects", true));
    assertThat(on.result()).containsEntry("status_code", 200).containsEntry("body", "plain words\n");
  }

  @Test
  void honoursHostBlacklistAndRejectsBadUrls() {
    RunnerResult black = run(Map.of("url", base + "/json",
        "url_hosts_blacklist", java.util.List.of("127.0.0.1")));
    assertThat((String) black.result().get("error")).contains("is blacklisted");

    RunnerResult bad = run(Map.of("url", "ftp://example.com/x"));
    assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) bad.result().get("error")).contains("http:// or https://");
  }

  @Test
  void connectionRefusedFailsWithTheReason() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RunnerResult r = run(Map.of("url", "http://127.0.0.1:" + port + "/"));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) r.result().get("error")).contains("failed");
  }
}
