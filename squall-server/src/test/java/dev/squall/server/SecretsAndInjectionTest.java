package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.MemoryAdapter;
import dev.squall.chat.OutgoingMessage;
import dev.squall.core.error.BadRequestException;
import dev.squall.engine.datastore.KeyValuePair.Scope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 1-3 on a real server: event data rendered into a command line is data, never
 * shell syntax; a secret, or a value rendered from one, is shown to nobody and stored in clear
 * nowhere (not even in the raw database file).
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class SecretsAndInjectionTest {

  private static final String TOKEN = "tok-S3cr3t-4711";
  private static final String KV_SECRET = "kv-plaintext-S3cr3t";
  private static final String PIN = "pin-S3cr3t-99";

  @TempDir static Path home;
  @TempDir static Path scratch;
  private static RunningSquall server;
  private static MemoryAdapter chat;
  private static final List<String> logLines = new CopyOnWriteArrayList<>();
  private static final Handler LOG_CAPTURE = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logLines.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  /** What goes through SLF4J (logback), beside the engine's System.Logger (JUL) lines. */
  private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>
      SLF4J_CAPTURE = new ch.qos.logback.core.read.ListAppender<>();

  private static ch.qos.logback.classic.Logger slf4jRoot() {
    return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @BeforeAll
  static void start() {
    Logger.getLogger("").addHandler(LOG_CAPTURE);
    SLF4J_CAPTURE.start();
    slf4jRoot().addAppender(SLF4J_CAPTURE);
    server = RunningSquall.startIn(home, Map.of());
    chat = new MemoryAdapter(300);
    server.squall().bot().addAdapter(chat);
    server.squall().datastore().set(Scope.SYSTEM, null, "leaky_password", KV_SECRET, true, null,
        null);
  }

  @AfterAll
  static void stop() {
    Logger.getLogger("").removeHandler(LOG_CAPTURE);
    slf4jRoot().detachAppender(SLF4J_CAPTURE);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void webhookBodiesReachTheRulesCommandLineAsLiteralText() {
    Path f = scratch.resolve("F");
    for (String attack : List.of("x; touch " + f, "$(touch " + f + ")", "`touch " + f + "`")) {
      JsonNode e = fireShellHook(attack);
      assertThat(e.get("status").asText()).as("%s", e).isEqualTo("succeeded");
      assertThat(e.at("/result/stdout").asText()).isEqualTo("deployed " + attack);
      assertThat(f).doesNotExist();
    }
  }

  @Test
  void aSecretRenderedIntoCmdIsMaskedInTheApiTheStreamAndChat() throws Exception {
    List<String> frames = openStream();
    var created = server.post("/api/v1/executions",
        Map.of("action", "testpack.leaky", "parameters", Map.of("token", TOKEN)));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("succeeded");
    assertThat(done.at("/parameters/cmd").asText()).isEqualTo("********");
    assertThat(done.at("/parameters/token").asText()).isEqualTo("********");
    // The command printed the secret: the output shows the mask in its place.
    assertThat(done.at("/result/stdout").asText()).isEqualTo("got ********");
    await().atMost(Duration.ofSeconds(20)).until(() -> frames.stream()
        .anyMatch(l -> l.contains(id) && l.contains("\"succeeded\"")));

    chat.say("u1", "#leak", null, "!leak " + TOKEN);
    List<OutgoingMessage> replies = await().atMost(Duration.ofSeconds(30))
        .until(() -> chat.in("#leak"), m -> m.size() >= 2);

    List<String> shown = new ArrayList<>();
    shown.add(created.body());
    shown.add(server.get("/api/v1/executions/" + id).body());
    shown.add(server.get("/api/v1/executions?limit=100").body());
    shown.add(server.get("/api/v1/executions/" + id + "/output").body());
    shown.addAll(frames);
    replies.forEach(r -> shown.add(r.text()));
    assertThat(shown).noneMatch(s -> s.contains(TOKEN) || s.contains("got " + "tok-"));
    assertThat(replies.get(1).text()).contains("got ********");
    // An administrator who asks sees the parameters in clear.
    assertThat(server.get("/api/v1/executions/" + id + "?show_secrets=true").json()
        .at("/parameters/token").asText()).isEqualTo(TOKEN);
  }

  @Test
  void aDecryptedDatastoreSecretInCmdIsMaskedAndTheRunnerStillGetsIt() {
    var created = server.post("/api/v1/executions",
        Map.of("action", "testpack.kvleaky", "parameters", Map.of()));
    String id = created.json().get("id").asText();
    JsonNode done = awaitEnd(id);
    // The runner got the plain text (it printed it); what is shown of the output masks it.
    assertThat(done.get("status").asText()).isEqualTo("succeeded");
    assertThat(done.at("/result/stdout").asText()).isEqualTo("kv ********");
    assertThat(server.get("/api/v1/executions/" + id + "/output").body()).isEqualTo("kv ********\n");
    assertThat(done.at("/parameters/cmd").asText()).isEqualTo("********");
    assertThat(created.body() + server.get("/api/v1/executions?limit=100").body())
        .doesNotContain(KV_SECRET);
  }

  @Test
  void aSecretOfTheWrongTypeIsNotEchoedInTheError() {
    var r = server.post("/api/v1/executions",
        Map.of("action", "testpack.pinned", "parameters", Map.of("pin", PIN)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fault()).contains("pin").doesNotContain(PIN);

    chat.say("u1", "#pin", null, "!pin " + PIN);
    List<OutgoingMessage> replies = await().atMost(Duration.ofSeconds(30))
        .until(() -> chat.in("#pin"), m -> !m.isEmpty());
    assertThat(replies.get(0).text()).contains("secret parameter \"pin\"").doesNotContain(PIN);
  }

  @Test
  void aRerunReusesSecretsOnlyForWhoMaySeeThem() {
    String id = server.post("/api/v1/executions",
        Map.of("action", "testpack.leaky", "parameters", Map.of("token", TOKEN)))
        .json().get("id").asText();
    awaitEnd(id);
    var executions = server.squall().executions();
    assertThatThrownBy(() -> executions.rerun(id, Map.of(), false))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("token")
        .hasMessageNotContaining(TOKEN);
    String again = executions.rerun(id, Map.of("token", "another-token"), false).id();
    assertThat(executions.await(again, Duration.ofSeconds(20)).parameters())
        .containsEntry("token", "another-token");
    // The admin's own re-run (through the API) gets the original's secret back.
    var rerun = server.post("/api/v1/executions/" + id + "/re_run", Map.of());
    assertThat(rerun.status()).isEqualTo(201);
    String byAdmin = rerun.json().get("id").asText();
    assertThat(executions.await(byAdmin, Duration.ofSeconds(20)).parameters())
        .containsEntry("token", TOKEN);
  }

  /** Last (methods run in name order): it closes the server to read the database files whole. */
  @Test
  void zzNoSecretIsInTheLogsOrTheRawDatabaseFiles() throws IOException {
    String id = server.post("/api/v1/executions",
        Map.of("action", "testpack.leaky", "parameters", Map.of("token", TOKEN)))
        .json().get("id").asText();
    awaitEnd(id);
    awaitEnd(server.post("/api/v1/executions",
        Map.of("action", "testpack.kvleaky", "parameters", Map.of())).json().get("id").asText());
    server.post("/api/v1/executions",
        Map.of("action", "testpack.pinned", "parameters", Map.of("pin", PIN)));
    server.close();
    SLF4J_CAPTURE.list.forEach(ev -> logLines.add(ev.getFormattedMessage()
        + (ev.getThrowableProxy() == null ? "" : " " + ev.getThrowableProxy().getMessage())));
    assertThat(logLines).isNotEmpty().noneMatch(l -> l.contains(TOKEN) || l.contains(KV_SECRET)
        || l.contains(PIN));
    assertThat(server.consoleOutput()).doesNotContain(TOKEN).doesNotContain(KV_SECRET);
    List<Path> files;
    try (Stream<Path> all = Files.walk(home)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(p -> p.getFileName().toString().endsWith(".db"));
    for (Path p : files) {
      String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      assertThat(bytes).as("%s", p).doesNotContain(TOKEN).doesNotContain(KV_SECRET)
          .doesNotContain(PIN);
    }
  }

  private static JsonNode fireShellHook(String app) {
    int before = server.get("/api/v1/ruleenforcements?rule_ref=testpack.shell_hook").json().size();
    assertThat(server.post("/api/v1/webhooks/shell", Map.of("app", app)).status()).isEqualTo(202);
    JsonNode enforcements = await().atMost(Duration.ofSeconds(10)).until(() ->
        server.get("/api/v1/ruleenforcements?rule_ref=testpack.shell_hook").json(),
        n -> n.size() == before + 1);
    assertThat(enforcements.get(0).path("failure_reason").asText("")).isEmpty();
    return awaitEnd(enforcements.get(0).get("execution_id").asText());
  }

  private static JsonNode awaitEnd(String id) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> server.get("/api/v1/executions/" + id).json(),
            e -> List.of("succeeded", "failed", "timeout", "canceled", "abandoned")
                .contains(e.get("status").asText()));
  }

  private static List<String> openStream() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(server.url().resolve(
        "/stream/v1/stream?x-auth-token=" + server.adminToken())).build();
    HttpResponse<InputStream> resp = HttpClient.newHttpClient()
        .send(req, HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException closed) {
        // the server closes the stream when the test ends
      }
    });
    return lines;
  }
}
