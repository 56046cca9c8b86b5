package dev.squall.server.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import dev.squall.server.RunningSquall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Python sensors in a running server: the sensortest pack's HttpPoller polls this test's own
 * loopback endpoint, and its rule runs core.local for each new item; its Crasher cannot start.
 */
class SensorsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static RunningSquall squall;
  private static HttpServer endpoint;
  private static Path packs;
  private static final AtomicReference<String> item = new AtomicReference<>(
      "{\"id\": 1, \"message\": \"hello $(id -u)\"}");

  @BeforeAll
  static void start() throws Exception {
    String python = TestPython.withModules("venv");
    endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.createContext("/item", exchange -> {
      byte[] body = item.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    endpoint.start();
    // a copy: one test deletes a pack
    packs = Files.createTempDirectory("squall-sensor-packs-");
    Path source = resource("/sensor-test-packs");
    try (var files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = packs.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    squall = RunningSquall.startIn(Files.createTempDirectory("squall-sensors-"), Map.of(
        "SQUALL_PACKS_PATH", packs.toString(),
        "SQUALL_PYTHON_INTERPRETER", python,
        "SQUALL_PYTHON_SYSTEM_SITE_PACKAGES", "true",
        "SQUALL_SENSORS_BACKOFF_INITIAL", "1",
        "SQUALL_SENSORS_FAILING_AFTER", "2"));
  }

  @AfterAll
  static void stop() throws java.io.IOException {
    if (squall != null) {
      squall.close();
    }
    if (endpoint != null) {
      endpoint.stop(0);
    }
    if (packs != null) {
      try (var files = Files.walk(packs)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void aSensorPollingALoopbackEndpointDispatchesATriggerWhoseRuleRunsAnAction() throws Exception {
    String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/item";
    var put = squall.call("PUT", "/api/v1/keys/sensortest.url",
        "{\"name\": \"sensortest.url\", \"value\": \"" + url + "\"}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    JsonNode first = await().atMost(WAIT).until(() -> echoOf("item 1: "), e -> e != null);

    // the payload reached the command line quoted, as every event does
    assertThat(first.at("/result/stdout").asText()).isEqualTo("item 1: hello $(id -u)");
    assertThat(first.at("/context/rule/ref").asText()).isEqualTo("sensortest.on_new_item");
    // the sensor's own datastore write, through the API with its token
    assertThat(squall.get("/api/v1/keys/sensortest.HttpPoller:last_id").json().get("value").asText())
        .isEqualTo("1");

    item.set("{\"id\": 2, \"message\": \"second\"}");
    JsonNode second = await().atMost(WAIT).until(() -> echoOf("item 2: "), e -> e != null);
    assertThat(second.at("/result/stdout").asText()).isEqualTo("item 2: second");
    JsonNode instances = squall.get("/api/v1/triggerinstances").json();
    assertThat(StreamSupport.stream(instances.spliterator(), false)
        .filter(i -> i.get("trigger_type").asText().equals("sensortest.new_item")))
        .extracting(i -> i.at("/payload/id").asInt()).containsExactlyInAnyOrder(1, 2);
  }

  /** The core.local execution whose stdout starts with {@code prefix}, or null. */
  private static JsonNode echoOf(String prefix) {
    for (JsonNode e : squall.get("/api/v1/executions?action=core.local").json()) {
      if (e.get("status").asText().equals("succeeded")
          && e.at("/result/stdout").asText().startsWith(prefix)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void aSensorThatCrashesAtStartIsRestartedWithBackOffAndListedAsFailing() {
    String line = await().atMost(WAIT).until(() -> lineOf(cli("sensor", "list").out(), "sensortest.Crasher"),
        l -> l.contains("failing"));

    assertThat(line).contains("ConnectionError: cannot reach the upstream service");
    JsonNode crasher = squall.get("/api/v1/sensortypes/sensortest.Crasher").json();
    assertThat(crasher.get("failures").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(crasher.get("last_error").asText()).startsWith("exited with code 1")
        .contains("Traceback");
    assertThat(cli("sensor", "get", "sensortest.Crasher").out()).contains("\"status\" : \"failing\"");
  }

  @Test
  void sensorTypesAreListedInStackStormsShapeWithTheirTriggerTypes() {
    JsonNode poller = squall.get("/api/v1/sensortypes/sensortest.HttpPoller").json();

    assertThat(poller.get("uid").asText()).isEqualTo("sensor_type:sensortest:HttpPoller");
    assertThat(poller.get("pack").asText()).isEqualTo("sensortest");
    assertThat(poller.get("entry_point").asText()).isEqualTo("http_poller.py");
    assertThat(poller.get("artifact_uri").asText()).startsWith("file://").endsWith("/sensors/http_poller.py");
    assertThat(poller.get("poll_interval").asInt()).isEqualTo(1);
    assertThat(poller.get("trigger_types")).extracting(JsonNode::asText)
        .containsExactly("sensortest.new_item");
    assertThat(squall.get("/api/v1/sensortypes?pack=sensortest").json()).hasSize(2);
    assertThat(squall.get("/api/v1/sensortypes?trigger=sensortest.new_item").json())
        .extracting(s -> s.get("ref").asText()).containsExactly("sensortest.HttpPoller");
    assertThat(squall.get("/api/v1/sensortypes/sensortest.Nope").status()).isEqualTo(404);
    assertThat(cli("trigger", "types").out()).contains("sensortest.new_item");
  }

  @Test
  void aDisabledSensorStopsAndStaysOffUntilEnabled() {
    assertThat(cli("sensor", "disable", "sensortest.Crasher").out()).isEqualTo("sensortest.Crasher disabled\n");

    JsonNode off = squall.get("/api/v1/sensortypes/sensortest.Crasher").json();
    assertThat(off.get("enabled").asBoolean()).isFalse();
    assertThat(off.get("status").asText()).isEqualTo("disabled");
    assertThat(off.has("pid")).isFalse();
    assertThat(lineOf(cli("sensor", "list").out(), "sensortest.Crasher")).contains("disabled");

    cli("sensor", "enable", "sensortest.Crasher");

    JsonNode on = squall.get("/api/v1/sensortypes/sensortest.Crasher").json();
    assertThat(on.get("enabled").asBoolean()).isTrue();
    assertThat(on.get("status").asText()).isIn("starting", "failing");
    var bad = squall.call("PUT", "/api/v1/sensortypes/sensortest.Crasher", "{\"enabled\": \"no\"}");
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void removingAPackStopsItsSensorsAndItsTriggerTypesGo() throws Exception {
    JsonNode running = await().atMost(WAIT).until(
        () -> squall.get("/api/v1/sensortypes/sensorgone.Listener").json(),
        s -> s.path("status").asText().equals("running"));
    long pid = running.get("pid").asLong();
    assertThat(triggerTypes()).contains("sensorgone.heard");

    try (var files = Files.walk(packs.resolve("sensorgone"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }

    await().atMost(WAIT).until(() -> squall.get("/api/v1/sensortypes/sensorgone.Listener").status() == 404);
    await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(triggerTypes()).doesNotContain("sensorgone.heard");
  }

  private static java.util.List<String> triggerTypes() {
    return StreamSupport.stream(squall.get("/api/v1/triggertypes").json().spliterator(), false)
        .map(t -> t.get("ref").asText()).toList();
  }

  private static String lineOf(String table, String ref) {
    return table.lines().filter(l -> l.startsWith(ref + " ")).findFirst().orElse("");
  }

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    CliEnvironment ce = new CliEnvironment(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(ce).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Run(int exit, String out, String err) {}

  private static Path resource(String name) {
    try {
      return Path.of(SensorsTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
