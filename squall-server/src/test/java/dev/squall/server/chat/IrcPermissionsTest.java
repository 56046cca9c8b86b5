package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.server.RunningSquall;
import dev.squall.server.chatlink.LinkForm;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-chat-user permissions through real IRC (Debian's ngircd): an unlinked user sees and runs
 * nothing; after {@code !link} and a login on the page, the same nick runs what its role allows
 * and is refused the rest; through the API that user cannot re-run an administrator's execution.
 * Skipped without ngircd (failing under {@code SQUALL_REQUIRE_ALL=1}).
 */
class IrcPermissionsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static NgircdServer irc;
  static RunningSquall squall;
  static IrcTestClient ivy;

  @BeforeAll
  static void start() throws Exception {
    irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")));
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/shouter.yaml"), """
        name: shouter
        permission_grants:
          - resource_uid: "action:testpack:shout"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("squall.yaml"), """
        chat:
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

  /** What the bot said to {@code target} (#ops, or ivy for a private message), in order. */
  static List<String> botSaid(String target) {
    String marker = " PRIVMSG " + target + " :";
    return ivy.lines().stream().filter(l -> l.startsWith(":squallbot!") && l.contains(marker))
        .map(l -> l.substring(l.indexOf(marker) + marker.length())).toList();
  }

  static String awaitBot(String target, String containing) {
    return await("the bot says " + containing).atMost(WAIT).until(() ->
        botSaid(target).stream().filter(l -> l.contains(containing)).findFirst().orElse(null), l -> l != null);
  }

  @Test
  void anUnlinkedNickSeesNothingItCannotRunThenLinksAndRunsWhatItsRoleAllows() throws Exception {
    ivy.say("#ops", "!help");
    awaitBot("#ops", "!link - Sends you a one-time link");
    ivy.say("#ops", "!whoami"); // a one-line answer: it may pass what is left of the help
    awaitBot("#ops", "You are ivy (irc:ivy), not linked, running as chat.default_user chatops; roles: none.");
    assertThat(botSaid("#ops")).as("the default chat user holds no role")
        .noneMatch(l -> l.contains("!shout") || l.contains("!greet") || l.contains("!run"));

    int executions = squall.get("/api/v1/executions?limit=1000").json().size();
    ivy.say("#ops", "!shout before linking");
    awaitBot("#ops", "You may not run \"shout before linking\" (needs action_execute on testpack.shout)");

    ivy.say("#ops", "!link");
    awaitBot("#ops", "I sent you a direct message with your link.");
    assertThat(botSaid("#ops")).noneMatch(l -> l.contains("/link/"));
    URI page = LinkForm.urlIn(awaitBot("ivy", "/link/"));
    assertThat(LinkForm.logIn(page, "ivy", "ivy-pw").statusCode()).isEqualTo(200);

    ivy.say("#ops", "!whoami");
    awaitBot("#ops", "running as Squall user ivy (linked); roles: shouter.");
    ivy.say("#ops", "!shout linked now");
    awaitBot("#ops", "LINKED NOW");
    ivy.say("#ops", "!greet Bob");
    awaitBot("#ops", "You may not run \"greet Bob\" (needs action_execute on core.echo)");

    var runs = squall.get("/api/v1/executions?limit=1000").json();
    assertThat(runs.size()).as("only the allowed shout ran").isEqualTo(executions + 1);
    assertThat(runs.get(0).path("action").path("ref").asText()).isEqualTo("testpack.shout");
    assertThat(runs.get(0).at("/context/user").asText()).isEqualTo("ivy");
  }

  @Test
  void aNonAdminCannotReRunAnAdministratorsExecution() {
    String id = squall.runToEnd("core.echo", Map.of("message", "admin's")).get("id").asText();
    String token = squall.login("ivy", "ivy-pw").json().get("token").asText();
    var rerun = squall.callWith("X-Auth-Token", token, "POST", "/api/v1/executions/" + id + "/re_run",
        "{\"parameters\": {\"message\": \"mine now\"}}");
    assertThat(rerun.status()).isEqualTo(403);
    assertThat(rerun.fault()).contains("ivy");
  }
}
