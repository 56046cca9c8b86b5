package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.chat.xmpp.ProsodyServer;
import dev.squall.chat.xmpp.XmppTestClient;
import dev.squall.server.RunningSquall;
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
 * ChatOps as users see it, against real chat servers: Debian's ngircd and prosody on 127.0.0.1,
 * a Squall configured to join both, and separate clients playing the users. Skipped without the
 * servers (failing under {@code SQUALL_REQUIRE_ALL=1}).
 */
class ChatPlatformsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ROOM = "ops@" + ProsodyServer.MUC_DOMAIN;

  @TempDir static Path dir;
  static NgircdServer irc;
  static ProsodyServer xmpp;
  static RunningSquall squall;
  static IrcTestClient alice;
  static XmppTestClient bob;

  @BeforeAll
  static void start() throws Exception {
    irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")));
    xmpp = ProsodyServer.start(Files.createDirectories(dir.resolve("prosody")));
    xmpp.register("squall", "bot-pw");
    xmpp.register("bob", "pw-bob");
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("squall.yaml"), """
        chat:
          irc:
            server: 127.0.0.1
            port: %d
            nick: squallbot
            channels: ["#ops"]
            reconnect_max_ms: 2000
          xmpp:
            jid: squall@%s
            password: bot-pw
            host: 127.0.0.1
            port: %d
            tls: disabled
            rooms: ["%s"]
            nickname: squallbot
        """.formatted(irc.port(), ProsodyServer.DOMAIN, xmpp.port(), ROOM));
    squall = RunningSquall.startIn(home, Map.of());
    await("adapters connected").atMost(WAIT).until(() ->
        squall.get("/api/v1/chat/adapters").json().findValues("state").stream()
            .filter(s -> s.asText().equalsIgnoreCase("connected")).count() >= 2);
    alice = IrcTestClient.connect("alice", irc.port());
    alice.join("#ops");
    alice.awaitMember("#ops", "squallbot");
    bob = XmppTestClient.connect("bob", xmpp.port());
    bob.joinRoom(ROOM);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {alice, bob, squall, irc, xmpp}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** What the bot said in #ops, in order. */
  static List<String> botSaid() {
    return alice.lines().stream().filter(l -> l.startsWith(":squallbot!") && l.contains(" PRIVMSG #ops :"))
        .map(l -> l.substring(l.indexOf(" PRIVMSG #ops :") + " PRIVMSG #ops :".length())).toList();
  }

  static String ircState() {
    for (var a : squall.get("/api/v1/chat/adapters").json()) {
      if (a.path("name").asText().equals("irc")) {
        return a.path("state").asText().toLowerCase(java.util.Locale.ROOT);
      }
    }
    return "missing";
  }

  static String awaitBot(String containing) {
    return await("the bot says " + containing).atMost(WAIT)
        .until(() -> botSaid().stream().filter(l -> l.contains(containing)).findFirst().orElse(null), l -> l != null);
  }

  @Test
  void ircUsersGetHelpAcksResultsTypoAnswersAndFailures() throws Exception {
    alice.say("#ops", "!help shout");
    awaitBot("shout {{word}}");

    alice.say("#ops", "!shout hello irc");
    String ack = awaitBot("execution ID");
    Matcher id = Pattern.compile("[0-9a-f]{24}").matcher(ack);
    assertThat(id.find()).as(ack).isTrue();
    awaitBot("HELLO IRC");

    alice.say("#ops", "!shuot hello");
    awaitBot("No alias matches \"shuot hello\"; did you mean: shout {{word}}?");

    alice.say("#ops", "!run echo oops >&2; exit 3");
    awaitBot("status : failed");
  }

  @Test
  void theBotReconnectsAfterTheIrcServerRestarts() throws Exception {
    irc.stop();
    alice.close();
    await("irc adapter notices").atMost(WAIT).until(() -> !ircState().equals("connected"));
    irc.start();
    await("irc adapter reconnected").atMost(WAIT).until(() -> ircState().equals("connected"));
    alice = IrcTestClient.connect("alice", irc.port());
    alice.join("#ops");
    alice.awaitMember("#ops", "squallbot");
    alice.say("#ops", "!shout back again");
    awaitBot("BACK AGAIN");
  }

  @Test
  void xmppRoomResultsGoOnlyToTheXmppRoom() throws Exception {
    bob.sayInRoom(ROOM, "!shout only for xmpp");
    await("the result in the MUC").atMost(WAIT).until(() ->
        bob.bodiesFrom(ROOM + "/squallbot").stream().anyMatch(b -> b.contains("ONLY FOR XMPP")));
    assertThat(botSaid()).noneMatch(l -> l.contains("ONLY FOR XMPP"));
  }
}
