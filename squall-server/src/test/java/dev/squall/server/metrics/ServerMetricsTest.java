package dev.squall.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} on a real server: who may scrape it, and figures that move with what happens. */
class ServerMetricsTest {

  @RegisterExtension
  static RunningSquall squall = new RunningSquall(Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false"));

  @TempDir Path dir;

  static PrometheusText scrape() {
    RunningSquall.Response r = squall.get("/metrics");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().get("content-type")).anyMatch(t -> t.startsWith("text/plain"));
    return PrometheusText.parse(r.body());
  }

  @Test
  void executionsAreCountedByActionRunnerAndStatusAndTimed() {
    Map<String, String> echo = Map.of("action", "core.echo", "status", "succeeded");
    double before = scrape().sum("squall_executions_total", echo);

    squall.runToEnd("core.echo", Map.of("message", "one"));
    squall.runToEnd("core.echo", Map.of("message", "two"));

    await("the counter moves").atMost(Duration.ofSeconds(10))
        .until(() -> scrape().sum("squall_executions_total", echo) == before + 2);
    PrometheusText after = scrape();
    assertThat(after.samples()).filteredOn(s -> s.name().equals("squall_executions_total")
        && "core.echo".equals(s.labels().get("action"))).allSatisfy(s ->
            assertThat(s.labels()).containsEntry("runner", "local-shell-cmd"));
    assertThat(after.sum("squall_execution_duration_seconds_count", echo)).isGreaterThanOrEqualTo(2);
    assertThat(after.sum("squall_execution_duration_seconds_sum", echo)).isGreaterThan(0);
    assertThat(after.has("squall_executions_queued")).isTrue();
    assertThat(after.has("squall_notify_outbox_pending")).isTrue();
  }

  @Test
  void httpRequestsAreCountedByRouteAndTheJvmIsThere() {
    squall.get("/api/v1/executions/" + "0".repeat(24));
    Map<String, String> route = Map.of("method", "GET", "route", "/api/v1/executions/{id}", "status", "404");

    await("the request is counted").atMost(Duration.ofSeconds(10))
        .until(() -> scrape().sum("http_server_requests_seconds_count", route) >= 1);
    PrometheusText text = scrape();
    assertThat(List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_pause_seconds_count",
        "process_uptime_seconds")).allMatch(text::has);
    assertThat(text.sum("squall_chat_connected", Map.of("adapter", "web"))).isEqualTo(1);
    assertThat(text.samples()).anyMatch(s -> s.name().equals("squall_chat_messages_total")
        && "web".equals(s.labels().get("adapter")) && "out".equals(s.labels().get("direction")));
  }

  @Test
  void delaysDeliveriesPerRouteAndRateLimitWaitsHaveMetersThatMove() throws IOException {
    Path pack = Files.createDirectories(dir.resolve("packs/metered/policies")).getParent();
    Files.writeString(pack.resolve("pack.yaml"), "ref: metered\nname: metered\nversion: 1.0.0\n");
    Files.createDirectories(pack.resolve("actions"));
    Files.writeString(pack.resolve("actions/slow.yaml"), "name: slow\nrunner_type: local-shell-cmd\n"
        + "parameters:\n  cmd:\n    default: sleep 2\n");
    Files.writeString(pack.resolve("actions/quick.yaml"), "name: quick\nrunner_type: local-shell-cmd\n"
        + "parameters:\n  cmd:\n    default: echo hi\n");
    Files.writeString(pack.resolve("policies/one.yaml"), """
        name: one_at_a_time
        resource_ref: metered.slow
        policy_type: action.concurrency
        parameters: {threshold: 1}
        """);
    Path home = Files.createDirectories(dir.resolve("home"));
    // Nothing listens on port 9 (discard): deliveries to this route stay pending, retried later.
    Files.writeString(home.resolve("squall.yaml"), """
        notify:
          routes:
            unreachable:
              type: webhook
              url: http://127.0.0.1:9/hook
        """);
    try (RunningSquall s = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", dir.resolve("packs").toString(),
        "SQUALL_CHAT_CONSOLE_ENABLED", "false"))) {
      Map<String, String> slow = Map.of("action", "metered.slow");
      assertThat(scrape(s).sum("squall_executions_delayed_total", slow)).isZero();
      assertThat(s.post("/api/v1/executions", Map.of("action", "metered.slow")).status()).isEqualTo(201);
      assertThat(s.post("/api/v1/executions", Map.of("action", "metered.slow")).status()).isEqualTo(201);
      await("the second run is delayed and counted").atMost(Duration.ofSeconds(20))
          .until(() -> scrape(s).sum("squall_executions_delayed_total", slow) == 1);

      Map<String, String> log = Map.of("route", "log");
      double delivered = scrape(s).sum("squall_notify_delivery_latency_seconds_count", log);
      assertThat(s.post("/api/v1/executions", Map.of("action", "metered.quick",
          "notify", Map.of("on_complete", Map.of("routes", List.of("log"))))).status()).isEqualTo(201);
      await("the delivery to the log route is timed").atMost(Duration.ofSeconds(20))
          .until(() -> scrape(s).sum("squall_notify_delivery_latency_seconds_count", log) == delivered + 1);
      assertThat(scrape(s).sum("squall_notify_delivery_latency_seconds_sum", log)).isGreaterThanOrEqualTo(0);

      assertThat(s.post("/api/v1/executions", Map.of("action", "metered.quick",
          "notify", Map.of("on_complete", Map.of("routes", List.of("unreachable"))))).status()).isEqualTo(201);
      await("the undelivered notification is in its route's depth").atMost(Duration.ofSeconds(20))
          .until(() -> scrape(s).sum("squall_notify_outbox_depth", Map.of("route", "unreachable")) == 1);
      assertThat(scrape(s).sum("squall_notify_delivery_latency_seconds_count", Map.of("route", "unreachable")))
          .isZero();

      PrometheusText text = scrape(s);
      Map<String, String> web = Map.of("adapter", "web");
      assertThat(text.samples()).anyMatch(x -> x.name().equals("squall_chat_rate_limit_wait_seconds_count")
          && x.labels().equals(web));
      assertThat(text.sum("squall_chat_rate_limit_wait_seconds_sum", web)).isZero();
    }
  }

  private static PrometheusText scrape(RunningSquall s) {
    RunningSquall.Response r = s.get("/metrics");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  @Test
  void onlyAnAdministratorMayScrapeUnlessMetricsArePublic() {
    assertThat(squall.callWith(null, null, "GET", "/metrics", null).status()).isEqualTo(401);
    squall.post("/api/v1/users", Map.of("name", "viewer", "password", "viewer-pw", "roles", List.of()));
    String token = squall.login("viewer", "viewer-pw").json().get("token").asText();
    assertThat(squall.callWith("X-Auth-Token", token, "GET", "/metrics", null).status()).isEqualTo(403);
  }

  @Test
  void metricsPublicLetsAnyoneScrape() {
    try (RunningSquall open = RunningSquall.startIn(dir, Map.of("SQUALL_METRICS_PUBLIC", "true",
        "SQUALL_CHAT_CONSOLE_ENABLED", "false"))) {
      RunningSquall.Response r = open.callWith(null, null, "GET", "/metrics", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(PrometheusText.parse(r.body()).has("jvm_memory_used_bytes")).isTrue();
    }
  }
}
