package dev.squall.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import dev.squall.server.RunningSquall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail on a real server with a real IRC server (Debian's ngircd): a command run from
 * IRC, one refused there for a permission, one no alias matches, a change through the API and a
 * denied API call are each found, with their fields, through {@code GET /api/v1/audit}, through
 * {@code squall audit list|get}, and as JSON lines of {@code audit.file}. Skipped without ngircd
 * (failing under {@code SQUALL_REQUIRE_ALL=1}).
 */
class AuditTrailTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static NgircdServer irc;
  static RunningSquall squall;
  static IrcTestClient ivy;
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")));
    home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/shouter.yaml"), """
        name: shouter
        permission_grants:
          - resource_uid: "action:testpack:shout"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("squall.yaml"), """
        audit:
          file: audit.jsonl
        chat:
          users:
            "irc:ivy": ivy
          irc:
            server: 127.0.0.1
            port: %d
            nick: squallbot
            channels: ["#ops"]
            reconnect_max_ms: 2000
        """.formatted(irc.port()));
    squall = RunningSquall.startIn(home, Map.of());
    assertThat(squall.post("/api/v1/users", Map.of("name", "ivy", "password", "ivy-pw",
        "roles", List.of("shouter"))).status()).isEqualTo(201);
    await("irc adapter connected").atMost(WAIT).until(() ->
        squall.get("/api/v1/chat/adapters").json().findValues("state").stream()
            .anyMatch(s -> s.asText().equalsIgnoreCase("connected")));
    ivy = IrcTestClient.connect("ivy", irc.port());
    ivy.join("#ops");
    ivy.awaitMember("#ops", "squallbot");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ivy, squall, irc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static void awaitBot(String containing) {
    String marker = " PRIVMSG #ops :";
    await("the bot says " + containing).atMost(WAIT).until(() -> ivy.lines().stream()
        .anyMatch(l -> l.startsWith(":squallbot!") && l.contains(marker) && l.contains(containing)));
  }

  static List<JsonNode> audit(String query) {
    RunningSquall.Response r = squall.get("/api/v1/audit" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return StreamSupport.stream(r.json().spliterator(), false).toList();
  }

  static JsonNode awaitRecord(String query, java.util.function.Predicate<JsonNode> which) {
    return await("an audit record " + query).atMost(WAIT).until(
        () -> audit(query).stream().filter(which).findFirst().orElse(null), r -> r != null);
  }

  record Run(int exit, String out, String err) {}

  static Run cli(Map<String, String> extraEnv, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    CliEnvironment ce = new CliEnvironment(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(ce).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void chatCommandsApiChangesAndDenialsAreAllFoundWithWhoWhereWhatAndWhatCameOfIt() throws Exception {
    ivy.say("#ops", "!shout hello");
    awaitBot("HELLO");
    ivy.say("#ops", "!greet Bob");
    awaitBot("You may not run \"greet Bob\"");
    ivy.say("#ops", "!frobnicate the widgets");
    awaitBot("No alias matches \"frobnicate the widgets\"");
    String viaApi = squall.runToEnd("core.echo", Map.of("message", "from the api")).get("id").asText();
    String ivyToken = squall.login("ivy", "ivy-pw").json().get("token").asText();
    assertThat(squall.callWith("X-Auth-Token", ivyToken, "POST", "/api/v1/executions/" + viaApi + "/re_run",
        "{}").status()).isEqualTo(403);

    // The command run from IRC, with its final status once its execution ended.
    JsonNode ran = awaitRecord("?user=ivy&outcome=ran", r -> "succeeded".equals(r.path("status").asText()));
    assertThat(ran.path("kind").asText()).isEqualTo("chat");
    assertThat(ran.path("adapter").asText()).isEqualTo("irc");
    assertThat(ran.path("room").asText()).isEqualTo("#ops");
    assertThat(ran.path("chat_user").asText()).isEqualTo("irc:ivy");
    assertThat(ran.path("command").asText()).isEqualTo("shout hello");
    assertThat(ran.path("alias").asText()).isEqualTo("testpack.shout");
    assertThat(ran.path("action").asText()).isEqualTo("testpack.shout");
    assertThat(ran.path("parameters").path("word").asText()).isEqualTo("hello");
    String executionId = ran.path("execution_ids").get(0).asText();
    assertThat(squall.get("/api/v1/executions/" + executionId).json().path("action").path("ref").asText())
        .isEqualTo("testpack.shout");

    // The command refused for a permission, and the one nothing matched.
    JsonNode denied = awaitRecord("?room=%23ops&outcome=denied", r -> true);
    assertThat(denied.path("user").asText()).isEqualTo("ivy");
    assertThat(denied.path("command").asText()).isEqualTo("greet Bob");
    assertThat(denied.path("detail").asText()).isEqualTo("needs action_execute on action:core:echo");
    assertThat(denied.path("execution_ids")).isEmpty();
    JsonNode unmatched = awaitRecord("?chat_user=irc:ivy&outcome=unmatched", r -> true);
    assertThat(unmatched.path("command").asText()).isEqualTo("frobnicate the widgets");

    // The API's change and its denial: method, path, user and status, never a body.
    JsonNode created = awaitRecord("?user=admin&outcome=accepted",
        r -> r.path("path").asText().equals("/api/v1/executions"));
    assertThat(created.path("kind").asText()).isEqualTo("api");
    assertThat(created.path("method").asText()).isEqualTo("POST");
    assertThat(created.path("http_status").asInt()).isEqualTo(201);
    assertThat(created.has("parameters") && created.path("parameters").size() > 0).isFalse();
    JsonNode apiDenied = awaitRecord("?user=ivy&outcome=denied", r -> r.path("kind").asText().equals("api"));
    assertThat(apiDenied.path("path").asText()).isEqualTo("/api/v1/executions/" + viaApi + "/re_run");
    assertThat(apiDenied.path("http_status").asInt()).isEqualTo(403);

    // The same through the CLI: a list filtered as asked, and one record by its id.
    Run list = cli(Map.of(), "audit", "list", "--user", "ivy");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains(ran.path("id").asText(), "shout hello", executionId, "succeeded",
        denied.path("id").asText(), "greet Bob", "denied", "unmatched", "irc:ivy #ops")
        .doesNotContain("from the api");
    Run outcome = cli(Map.of(), "audit", "list", "--outcome", "accepted", "--action", "testpack.shout");
    assertThat(outcome.exit()).as(outcome.err()).isZero();
    assertThat(outcome.out()).doesNotContain("shout hello");
    Run get = cli(Map.of(), "audit", "get", apiDenied.path("id").asText());
    assertThat(get.exit()).as(get.err()).isZero();
    assertThat(JSON.readTree(get.out()).path("path").asText()).isEqualTo("/api/v1/executions/" + viaApi + "/re_run");

    // audit.file: a line per record, then a line with the final status naming the record.
    Path file = home.resolve("audit.jsonl");
    await("the audit file has the final status").atMost(WAIT).until(() -> lines(file).stream().anyMatch(l ->
        l.path("event").asText().equals("ended") && l.path("id").asText().equals(ran.path("id").asText())
            && l.path("status").asText().equals("succeeded")));
    assertThat(lines(file)).anyMatch(l -> l.path("event").asText().equals("record")
        && l.path("id").asText().equals(denied.path("id").asText()) && l.path("outcome").asText().equals("denied"));
  }

  @Test
  void aUserSeesOnlyTheirOwnRecordsAndAnAdministratorEveryonesAndBadFiltersAreRefused() throws Exception {
    squall.runToEnd("core.echo", Map.of("message", "admin's own"));
    ivy.say("#ops", "!shout mine");
    awaitBot("MINE");
    awaitRecord("?user=ivy", r -> r.path("command").asText().equals("shout mine"));
    JsonNode adminRecord = awaitRecord("?user=admin", r -> true);
    String ivyToken = squall.login("ivy", "ivy-pw").json().get("token").asText();

    RunningSquall.Response own = squall.callWith("X-Auth-Token", ivyToken, "GET", "/api/v1/audit?limit=100", null);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json()).isNotEmpty().allSatisfy(r -> assertThat(r.path("user").asText()).isEqualTo("ivy"));
    assertThat(squall.callWith("X-Auth-Token", ivyToken, "GET", "/api/v1/audit?user=admin", null).status())
        .isEqualTo(403);
    assertThat(squall.callWith("X-Auth-Token", ivyToken, "GET", "/api/v1/audit/" + adminRecord.path("id").asText(),
        null).status()).isEqualTo(404);
    assertThat(squall.get("/api/v1/audit/" + adminRecord.path("id").asText()).status()).isEqualTo(200);

    RunningSquall.Response page = squall.get("/api/v1/audit?limit=1");
    assertThat(page.json()).hasSize(1);
    assertThat(Long.parseLong(page.header("X-Total-Count"))).isGreaterThan(1);
    assertThat(squall.get("/api/v1/audit?outcome=maybe").fault()).contains("'outcome' must be one of ran,");
    assertThat(squall.get("/api/v1/audit?since=yesterday").fault()).contains("'since' must be an ISO-8601 time");
  }

  private static List<JsonNode> lines(Path file) throws java.io.IOException {
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String l : Files.readAllLines(file)) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }
}
