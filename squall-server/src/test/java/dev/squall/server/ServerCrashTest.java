package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.engine.runner.ProcessGroups;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code squall start} in a child JVM, killed with -9 while a {@code core.local} command runs: the
 * command outlives the server; the next start kills it, so what it would have done never happens.
 */
class ServerCrashTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Long enough for a server to start in-process on a loaded machine. */
  private static final Duration SLEEP = Duration.ofSeconds(15);

  @TempDir Path home;
  @TempDir Path work;

  @Test
  void theRestartAfterAKillKillsTheCommandTheDeadServerLeftRunning() throws Exception {
    assumeTrue(ProcessGroups.host().isPresent(), "process groups are recorded where /proc is");
    Path marker = work.resolve("F");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "start")
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("child.log").toFile());
    builder.environment().putAll(Map.of("SQUALL_HOME", home.toString(),
        "SQUALL_SERVER_PORT", Integer.toString(port),
        "SQUALL_ADMIN_PASSWORD", RunningSquall.ADMIN_PASSWORD,
        "SQUALL_AUTH_KDF_ITERATIONS", "1000", "SQUALL_CHAT_CONSOLE_ENABLED", "false"));
    Process server = builder.start();
    String id;
    long sleeping;
    List<ProcessHandle> command;
    try {
      URI url = URI.create("http://127.0.0.1:" + port);
      String token = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> login(url), t -> t != null);
      String body = "{\"action\":\"core.local\",\"parameters\":{\"cmd\":"
          + "\"echo started; sleep " + SLEEP.toSeconds() + "; touch '" + marker + "'\"}}";
      HttpResponse<String> created = send(url, token, "POST", "/api/v1/executions", body);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      id = RunningSquall.JSON.readTree(created.body()).get("id").asText();
      // Output stored means the command's process group is stored too.
      await().atMost(Duration.ofSeconds(30)).until(() -> send(url, token, "GET",
          "/api/v1/executions/" + id + "/output", null).body().contains("started"));
      sleeping = System.nanoTime();
      command = new ArrayList<>(server.descendants().toList());
    } finally {
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    // The kill -9 stopped the server, not the command: it runs on, reparented.
    assertThat(command).isNotEmpty().anyMatch(ProcessHandle::isAlive);

    try (RunningSquall restarted = RunningSquall.startIn(home, Map.of())) {
      JsonNode e = restarted.get("/api/v1/executions/" + id).json();
      assertThat(e.get("status").asText()).isEqualTo("abandoned");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> command.stream().noneMatch(ProcessHandle::isAlive));
      // Until well past the command's sleep: had anything of it survived, F would be there.
      Duration left = SLEEP.plusSeconds(2).minusNanos(System.nanoTime() - sleeping);
      await().during(left.isNegative() ? Duration.ZERO : left).atMost(SLEEP.plusSeconds(10))
          .until(() -> !Files.exists(marker));
    }
  }

  private static String login(URI url) throws Exception {
    String basic = Base64.getEncoder().encodeToString(("admin:" + RunningSquall.ADMIN_PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url.resolve("/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 201 ? RunningSquall.JSON.readTree(r.body()).get("token").asText()
        : null;
  }

  private static HttpResponse<String> send(URI url, String token, String method, String path,
      String body) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(url.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").header("X-Auth-Token", token)
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
