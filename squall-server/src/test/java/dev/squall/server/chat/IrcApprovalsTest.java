package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-person rule through real IRC (Debian's ngircd): alice runs an alias that needs two
 * approvals from role ops; her own approval is refused, bob's leaves it waiting, carol's runs it
 * and the result comes back to the room; a denial cancels another request, and a third expires,
 * canceled with the reason. Skipped without ngircd (failing under {@code SQUALL_REQUIRE_ALL=1}).
 */
class IrcApprovalsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern ID = Pattern.compile("\\(([0-9a-f]{24})\\) waits for");

  @TempDir static Path dir;
  static NgircdServer irc;
  static RunningSquall squall;
  static IrcTestClient alice;
  static IrcTestClient bob;
  static IrcTestClient carol;

  @BeforeAll
  static void start() throws Exception {
    irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")));
    Path home = Files.createDirectories(dir.resolve("home"));
    Path packs = Files.createDirectories(dir.resolve("packs"));
    Files.createDirectories(packs.resolve("gated/actions"));
    Files.createDirectories(packs.resolve("gated/aliases"));
    Files.writeString(packs.resolve("gated/pack.yaml"), "ref: gated\nname: gated\nversion: 1.0.0\n");
    Files.writeString(packs.resolve("gated/actions/deploy.yaml"), """
        name: deploy
        runner_type: local-shell-cmd
        parameters:
          where: {type: string, required: true}
          cmd:
            immutable: true
            default: "echo deployed to {{ where }}"
        """);
    Files.writeString(packs.resolve("gated/aliases/deploy.yaml"), """
        name: deploy
        action_ref: gated.deploy
        formats:
          - "deploy {{where}}"
        extra:
          squall:
            approval: {approvers: ["role:ops"], count: 2, ttl: 600}
        """);
    Files.writeString(packs.resolve("gated/actions/guarded.yaml"), """
        name: guarded
        runner_type: local-shell-cmd
        parameters:
          where: {type: string, required: true}
          cmd:
            immutable: true
            default: "echo guarded run in {{ where }}"
        extra:
          squall:
            approval: {approvers: ["role:ops"], count: 1}
        """);
    Files.writeString(packs.resolve("gated/aliases/guard.yaml"), """
        name: guard
        action_ref: gated.guarded
        formats:
          - "guard {{where}}"
        """);
    Files.writeString(packs.resolve("gated/aliases/hotfix.yaml"), """
        name: hotfix
        action_ref: gated.deploy
        formats:
          - "hotfix {{where}}"
        extra:
          squall:
            approval: {approvers: ["role:ops"], count: 1, ttl: 2}
        """);
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/deployer.yaml"), """
        name: deployer
        permission_grants:
          - resource_uid: "action:gated:deploy"
            permission_types: ["action_execute"]
          - resource_uid: "action:gated:guarded"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/roles/ops.yaml"), "name: ops\npermission_grants: []\n");
    Files.writeString(home.resolve("squall.yaml"), """
        chat:
          users:
            "irc:alice": alice
            "irc:bob": bob
            "irc:carol": carol
          irc:
            server: 127.0.0.1
            port: %d
            nick: squallbot
            channels: ["#ops"]
            reconnect_max_ms: 2000
        """.formatted(irc.port()));
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs));
    for (String[] u : new String[][] {{"alice", "ops"}, {"bob", "ops"}, {"carol", "ops"}}) {
      assertThat(squall.post("/api/v1/users", Map.of("name", u[0], "password", u[0] + "-pw",
          "roles", List.of(u[1], "deployer"))).status()).isEqualTo(201);
    }
    await("irc adapter connected").atMost(WAIT).until(() ->
        squall.get("/api/v1/chat/adapters").json().findValues("state").stream()
            .anyMatch(s -> s.asText().equalsIgnoreCase("connected")));
    alice = join("alice");
    bob = join("bob");
    carol = join("carol");
  }

  private static IrcTestClient join(String nick) throws Exception {
    IrcTestClient c = IrcTestClient.connect(nick, irc.port());
    c.join("#ops");
    c.awaitMember("#ops", "squallbot");
    return c;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {alice, bob, carol, squall, irc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** What the bot said in #ops, as alice saw it, in order. */
  static List<String> botSaid() {
    String marker = " PRIVMSG #ops :";
    return alice.lines().stream().filter(l -> l.startsWith(":squallbot!") && l.contains(marker))
        .map(l -> l.substring(l.indexOf(marker) + marker.length())).toList();
  }

  static String awaitBot(String containing) {
    return await("the bot says " + containing).atMost(WAIT).until(() ->
        botSaid().stream().filter(l -> l.contains(containing)).reduce((a, b) -> b).orElse(null), l -> l != null);
  }

  private static String request(String command) throws Exception {
    int before = botSaid().size();
    alice.say("#ops", command);
    String waits = await("the bot says it waits").atMost(WAIT).until(() -> botSaid().stream().skip(before)
        .filter(l -> ID.matcher(l).find()).findFirst().orElse(null), l -> l != null);
    assertThat(waits).contains("waits for").contains("role ops");
    Matcher m = ID.matcher(waits);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static JsonNode execution(String id) {
    return squall.get("/api/v1/executions/" + id).json();
  }

  @Test
  void twoOfOpsMustApproveAndTheRequesterCannotApproveHerOwn() throws Exception {
    String id = request("!deploy prod");
    assertThat(awaitBot(id)).contains("2 approvals from role ops");
    assertThat(execution(id).get("status").asText()).isEqualTo("pending");

    alice.say("#ops", "!approve " + id);
    awaitBot("You may not approve your own request");
    bob.say("#ops", "!approve " + id.substring(0, 20));
    awaitBot("Approved by bob (1 of 2); waiting for 1 more from role ops");
    assertThat(execution(id).get("status").asText()).isEqualTo("pending");
    bob.say("#ops", "!approve " + id);
    awaitBot("bob has decided on " + id + " already");

    carol.say("#ops", "!approve " + id);
    awaitBot("Approved by carol (2 of 2)");
    awaitBot("deployed to prod");
    JsonNode done = await().atMost(WAIT).until(() -> execution(id), e -> e.get("status").asText().equals("succeeded"));
    JsonNode approvals = done.at("/context/squall/approvals");
    assertThat(approvals.size()).isEqualTo(2);
    assertThat(approvals.get(0).get("user").asText()).isEqualTo("bob");
    assertThat(approvals.get(0).get("chat").asText()).isEqualTo("irc:bob");
    assertThat(approvals.get(0).get("decision").asText()).isEqualTo("approved");
    assertThat(approvals.get(1).get("user").asText()).isEqualTo("carol");
    assertThat(approvals.get(1).get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(cli("execution", "get", id)).contains("approved by bob (irc:bob)").contains("approved by carol (irc:carol)");
  }

  @Test
  void anActionThatDeclaresAnApprovalWaitsThroughAnAliasThatDeclaresNone() throws Exception {
    String id = request("!guard prod");
    assertThat(awaitBot(id)).contains("1 approval from role ops");
    assertThat(execution(id).get("status").asText()).isEqualTo("pending");

    bob.say("#ops", "!approve " + id);

    awaitBot("guarded run in prod");
    await().atMost(WAIT).until(() -> execution(id), e -> e.get("status").asText().equals("succeeded"));
  }

  @Test
  void anApiStartedRunOfAnApprovalActionWaitsAndADenialFromChatCancelsIt() throws Exception {
    RunningSquall.Response created = squall.post("/api/v1/executions",
        Map.of("action", "gated.guarded", "parameters", Map.of("where", "api")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(execution(id).get("status").asText()).isEqualTo("pending");
    assertThat(execution(id).at("/context/squall/approval/count").asInt()).isEqualTo(1);

    carol.say("#ops", "!deny " + id);

    awaitBot("Denied by carol");
    await().atMost(WAIT).until(() -> execution(id), e -> e.get("status").asText().equals("canceled"));
  }

  @Test
  void oneDenialCancelsTheRequest() throws Exception {
    String id = request("!deploy staging");

    bob.say("#ops", "!deny " + id);

    awaitBot("Denied by bob");
    JsonNode e = await().atMost(WAIT).until(() -> execution(id), x -> x.get("status").asText().equals("canceled"));
    assertThat(e.at("/result/error").asText()).contains("Denied by bob");
    carol.say("#ops", "!approve " + id);
    awaitBot("Nothing is waiting for an answer under \"" + id + "\"");
  }

  @Test
  void aRequestNobodyApprovesInTimeIsCanceledWithTheReason() throws Exception {
    String id = request("!hotfix prod");

    JsonNode e = await().atMost(WAIT).until(() -> execution(id), x -> x.get("status").asText().equals("canceled"));

    assertThat(e.at("/result/error").asText()).contains("Approval expired: 0 of 1 approvals within 2 s");
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliEnvironment env = new CliEnvironment(Map.of("SQUALL_HOME", squall.home().toString(),
        "SQUALL_API_URL", squall.url().toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(env).execute(args);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
