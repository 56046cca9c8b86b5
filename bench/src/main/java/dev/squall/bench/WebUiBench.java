package dev.squall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.config.Config;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.server.Squall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the web UI's executions page asks of the server with a long history: 10,000 executions
 * stored, then its request for a page of 50 (newest, and the oldest page by offset), with the
 * total count, over real HTTP; then, in Chromium, the page's whole render and how soon a status
 * change shows after its stream event (see {@link #browser}).
 */
final class WebUiBench {

  private static final int HISTORY = 10_000;

  private WebUiBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    int requests = quick ? 50 : 200;
    Path home = Files.createTempDirectory("squall-bench-webui-");
    Map<String, String> env = Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "0",
        "SQUALL_ADMIN_PASSWORD", "bench-password", "SQUALL_AUTH_KDF_ITERATIONS", "1000",
        "SQUALL_CHAT_CONSOLE_ENABLED", "false");
    try (Squall squall = Squall.start(Config.load(null, env), new PrintStream(OutputStream.nullOutputStream()))) {
      try (var submitters = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int s = 0; s < 16; s++) {
          submitters.submit(() -> {
            for (int i = 0; i < HISTORY / 16; i++) {
              squall.executions().submit("core.noop", Map.of(), Map.of("user", "bench"));
            }
            return null;
          });
        }
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      // Measured at rest: every execution has ended (its notifications are out of the way).
      while (squall.executions().list(ExecutionQuery.all().withStatus(ExecutionStatus.SUCCEEDED).page(0, 1)).total()
          < HISTORY / 16 * 16) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the history did not finish in 5 minutes");
        }
        Thread.sleep(100);
      }
      URI base = URI.create("http://127.0.0.1:" + squall.port());
      HttpClient http = HttpClient.newHttpClient();
      String token = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(base.resolve("/auth/v1/tokens"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              "admin:bench-password".getBytes(StandardCharsets.UTF_8)))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body())
          .get("token").asText();
      List<Figure> figures = new java.util.ArrayList<>(List.of(page(http, base, token, 0, requests),
          page(http, base, token, HISTORY - 50, requests)));
      figures.addAll(browser(base, token, quick ? 10 : 30));
      return figures;
    }
  }

  /**
   * In Chromium, driven by playwright-core (the {@code bench} scenario of the test harness's
   * {@code webui.js}): the executions page rendered with the 10,000 in history, and a status
   * change reaching the page after its stream event. Not measured without node, chromium or
   * {@code npm ci} in {@code squall-server/src/test/node}.
   */
  private static List<Figure> browser(URI base, String token, int runs) throws Exception {
    String render = "web UI executions page render in Chromium, " + HISTORY + " in history";
    String stream = "web UI status change shown after its stream event";
    Path harness = Path.of(System.getenv().getOrDefault("SQUALL_DIST", ".")).resolve("squall-server/src/test/node");
    String missing = !Files.isExecutable(Path.of("/usr/bin/chromium")) ? "chromium not installed"
        : !Files.isDirectory(harness.resolve("node_modules/playwright-core")) ? "no playwright-core (npm ci in " + harness + ")"
        : null;
    JsonNode figures = null;
    if (missing == null) {
      ProcessBuilder pb = new ProcessBuilder("node", "webui.js").directory(harness.toFile()).redirectErrorStream(true);
      pb.environment().putAll(Map.of("SCENARIO", "bench", "SQUALL_URL", base.toString(), "ADMIN_TOKEN", token,
          "RUNS", Integer.toString(runs), "ADMIN_PASSWORD", "bench-password",
          "SCREENSHOTS", Files.createTempDirectory("squall-bench-shots-").toString()));
      List<String> out;
      try {
        Process p = pb.start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
      } catch (IOException e) {
        out = List.of();
        missing = "node not installed";
      }
      ObjectMapper json = new ObjectMapper();
      for (String line : out) {
        if (line.startsWith("{\"step\":\"bench\"")) {
          figures = json.readTree(line);
        }
      }
      if (figures == null && missing == null) {
        missing = "the browser scenario failed: " + out.stream().filter(l -> l.contains("\"error\"")).findFirst()
            .orElse(String.join(" | ", out));
      }
    }
    if (figures == null) {
      return List.of(new Figure(render, Double.NaN, Double.NaN, "ms", Double.NaN, 1000, false, "page renders <= 1 s", missing),
          new Figure(stream, Double.NaN, Double.NaN, "ms", Double.NaN, 200, false, "<= 200 ms", missing));
    }
    double[] r = numbers(figures.get("render"));
    double[] s = numbers(figures.get("stream"));
    return List.of(new Figure(render, Stats.percentile(r, 50), Stats.percentile(r, 99), "ms", Double.NaN, 1000, false,
            "page renders <= 1 s", r.length + " full loads of #/history (" + figures.get("total").asText()
                + "): navigation start to its rows in the DOM, after 2 warm-up"),
        new Figure(stream, Stats.percentile(s, 50), Stats.percentile(s, 99), "ms", Double.NaN, 200, false, "<= 200 ms",
            s.length + " core.noop runs: st2.execution__update dispatched to its row's new status in the DOM"));
  }

  private static double[] numbers(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static Figure page(HttpClient http, URI base, String token, int offset, int n) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/v1/executions?limit=50&offset=" + offset))
        .header("X-Auth-Token", token).build();
    double[] ms = new double[n];
    for (int i = -10; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET executions answered " + r.statusCode() + ": " + r.body());
      }
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    return new Figure("web UI executions page data, 50 of " + HISTORY + " (offset " + offset + ")",
        Stats.percentile(ms, 50), Stats.percentile(ms, 99), "ms", Double.NaN, 1000, false, "page renders <= 1 s",
        n + " sequential GET /api/v1/executions?limit=50 with the total count, after 10 warm-up");
  }
}
