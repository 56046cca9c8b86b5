package dev.squall.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code squall start} in a child JVM on {@code home}, logged in as admin through the API, so
 * that a test can kill it with -9 ({@link #kill}) and start another server on the same home.
 */
final class ChildSquall {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final URI url;
  private final String token;

  private ChildSquall(Process process, URI url, String token) {
    this.process = process;
    this.url = url;
    this.token = token;
  }

  /** Starts the server with {@code extraEnv} added to its environment and waits for its API. */
  static ChildSquall start(Path home, Map<String, String> extraEnv) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "start")
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("child.log").toFile());
    Map<String, String> env = new HashMap<>(Map.of("SQUALL_HOME", home.toString(),
        "SQUALL_SERVER_PORT", Integer.toString(port),
        "SQUALL_ADMIN_PASSWORD", RunningSquall.ADMIN_PASSWORD,
        "SQUALL_AUTH_KDF_ITERATIONS", "1000", "SQUALL_CHAT_CONSOLE_ENABLED", "false"));
    env.putAll(extraEnv);
    builder.environment().putAll(env);
    Process server = builder.start();
    URI url = URI.create("http://127.0.0.1:" + port);
    try {
      String token = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> login(url), t -> t != null);
      return new ChildSquall(server, url, token);
    } catch (RuntimeException e) {
      server.destroyForcibly();
      throw e;
    }
  }

  URI url() {
    return url;
  }

  /** The admin token it was logged in with. */
  String token() {
    return token;
  }

  /** The server's process id (part of its node id: {@code host-pid-random}). */
  long pid() {
    return process.pid();
  }

  /** Whether {@code nodeId} (as leases and {@code nodes} record it) is this server's. */
  boolean is(String nodeId) {
    return nodeId != null && nodeId.contains("-" + process.pid() + "-");
  }

  /** The server's processes below it (the commands its runners started). */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  /** kill -9, and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  HttpResponse<String> send(String method, String path, String body) {
    try {
      return HTTP.send(HttpRequest.newBuilder(url.resolve(path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body))
          .header("Content-Type", "application/json").header("X-Auth-Token", token)
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode json(String path) throws IOException {
    return RunningSquall.JSON.readTree(send("GET", path, null).body());
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
}
