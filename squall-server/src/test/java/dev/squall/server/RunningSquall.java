package dev.squall.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Squall server for a test: its own home folder, a free port, the test packs, and an admin
 * with a known password. Talks to it over real HTTP.
 */
public final class RunningSquall implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  public static final String ADMIN_PASSWORD = "test-admin-password";
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> extraEnv;
  private Squall squall;
  private Path home;
  private Map<String, String> env;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final HttpClient http = HttpClient.newHttpClient();
  private String adminToken;

  /**
   * A server for a test class, started before its tests in a fresh home and stopped after them:
   * {@code @RegisterExtension static final RunningSquall squall = new RunningSquall();}
   */
  public RunningSquall() {
    this(Map.of());
  }

  /** The same, with more environment (configuration) for the server. */
  public RunningSquall(Map<String, String> extraEnv) {
    this.extraEnv = Map.copyOf(extraEnv);
  }

  /** A server started at once in {@code home}; close it yourself. */
  public static RunningSquall startIn(Path home, Map<String, String> extraEnv) {
    RunningSquall s = new RunningSquall(extraEnv);
    s.start(home);
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start(Files.createTempDirectory("squall-test-"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private void start(Path home) {
    this.home = home;
    defaultChatUserIsAdmin(home);
    Map<String, String> e = new HashMap<>();
    e.put("SQUALL_HOME", home.toString());
    e.put("SQUALL_SERVER_PORT", "0");
    e.put("SQUALL_ADMIN_PASSWORD", ADMIN_PASSWORD);
    e.put("SQUALL_PACKS_PATH", testPacks().toString());
    e.put("SQUALL_AUTH_KDF_ITERATIONS", "1000");
    e.put("SQUALL_CHAT_CONSOLE_ENABLED", "false");
    e.putAll(extraEnv);
    this.env = Map.copyOf(e);
    console.reset();
    this.squall = Squall.start(Config.load(null, env), new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  /**
   * Tests written before RBAC chat as unmapped users, who run as the default chat user, which has
   * no role and may run nothing: in a home without RBAC files, that user may run the actions of
   * the packs the test aliases use (and stays no administrator), by the files an operator would
   * write. Tests of permissions write their own files.
   */
  private static void defaultChatUserIsAdmin(Path home) {
    Path rbac = home.resolve("rbac");
    if (Files.exists(rbac)) {
      return;
    }
    try {
      Files.createDirectories(rbac.resolve("assignments"));
      Files.createDirectories(rbac.resolve("roles"));
      Files.writeString(rbac.resolve("roles/chat_runner.yaml"), """
          name: chat_runner
          permission_grants:
            - resource_uid: "pack:core"
              permission_types: ["action_execute"]
            - resource_uid: "pack:testpack"
              permission_types: ["action_execute"]
            - resource_uid: "pack:chatops"
              permission_types: ["action_execute"]
          """);
      Files.writeString(rbac.resolve("assignments/chatops.yaml"), "username: chatops\nroles: [chat_runner]\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder holding the test packs (src/test/resources/packs). */
  public static Path testPacks() {
    try {
      return Path.of(RunningSquall.class.getResource("/packs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public Squall squall() {
    return squall;
  }

  public Path home() {
    return home;
  }

  public Map<String, String> env() {
    return env;
  }

  public String consoleOutput() {
    return console.toString(StandardCharsets.UTF_8);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + squall.port());
  }

  public synchronized String adminToken() {
    if (adminToken == null) {
      adminToken = login("admin", ADMIN_PASSWORD).json().get("token").asText();
    }
    return adminToken;
  }

  public Response login(String user, String password) {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(url().resolve("/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** An authenticated request as admin. */
  public Response call(String method, String path, String body) {
    return callWith("X-Auth-Token", adminToken(), method, path, body);
  }

  public Response callWith(String header, String credential, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (header != null) {
      b.header(header, credential);
    }
    return send(b);
  }

  public Response get(String path) {
    return call("GET", path, null);
  }

  public Response post(String path, Object body) {
    try {
      return call("POST", path, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code squall ARGS…} against this server as its admin; asserts it exits 0 and returns what it printed. */
  public String cli(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    dev.squall.cli.CliEnvironment env = new dev.squall.cli.CliEnvironment(Map.of("SQUALL_HOME", home().toString(),
        "SQUALL_API_URL", url().toString()), new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    int code = dev.squall.cli.SquallCli.commandLine(env).execute(args);
    org.assertj.core.api.Assertions.assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Runs an action through the API and waits for it to end. */
  public JsonNode runToEnd(String action, Map<String, Object> parameters) {
    Response created = post("/api/v1/executions", Map.of("action", action, "parameters", parameters));
    if (created.status() != 201) {
      throw new AssertionError("execution not created: " + created);
    }
    String id = created.json().get("id").asText();
    return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> get("/api/v1/executions/" + id).json(),
            e -> java.util.Set.of("succeeded", "failed", "timeout", "canceled", "abandoned")
                .contains(e.get("status").asText()));
  }

  private Response send(HttpRequest.Builder b) {
    HttpRequest request = b.timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> r;
      try {
        r = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (java.net.http.HttpTimeoutException timeout) {
        throw timeout;
      } catch (IOException staleConnection) {
        // The client reused a kept-alive connection the server had just closed (its idle
        // timeout): no byte of the request was answered, so sending it again is what a browser does.
        r = http.send(request, HttpResponse.BodyHandlers.ofString());
      }
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (squall != null) {
      squall.close();
      squall = null;
    }
  }

  /** An HTTP answer. */
  public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public String fault() {
      return json().path("faultstring").asText();
    }
  }
}
