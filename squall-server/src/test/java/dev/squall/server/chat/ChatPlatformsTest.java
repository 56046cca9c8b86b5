package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.console.ConsoleAdapter;
import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.chat.xmpp.ProsodyServer;
import dev.squall.chat.xmpp.XmppTestClient;
import dev.squall.server.RunningSquall;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
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
  void postMessageReachesARoomOfTheBot() {
    var e = squall.runToEnd("chatops.post_message", Map.of("message", "maintenance at noon", "channel", "irc:#ops"));
    assertThat(e.get("status").asText()).isEqualTo("succeeded");
    awaitBot("maintenance at noon");
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

  static String awaitXmpp(String containing) {
    return await("the bot says in the MUC " + containing).atMost(WAIT).until(() ->
        bob.bodiesFrom(ROOM + "/squallbot").stream().filter(b -> b.contains(containing)).findFirst().orElse(null),
        b -> b != null);
  }

  @Test
  void xmppUsersGetHelpAcksResultsTypoAnswersAndFailures() throws Exception {
    bob.sayInRoom(ROOM, "!help shout");
    awaitXmpp("shout {{word}}");
    bob.sayInRoom(ROOM, "!shout hello xmpp");
    assertThat(awaitXmpp("execution ID")).containsPattern("[0-9a-f]{24}");
    awaitXmpp("HELLO XMPP");
    bob.sayInRoom(ROOM, "!shuot hello");
    awaitXmpp("No alias matches \"shuot hello\"");
    bob.sayInRoom(ROOM, "!run echo bad >&2; exit 4");
    awaitXmpp("status : failed");
  }

  @Test
  void consoleWebIrcAndXmppRunAtOnceAndEachResultGoesOnlyToItsRoom() throws Exception {
    PipedOutputStream typing = new PipedOutputStream();
    ByteArrayOutputStream consoleOut = new ByteArrayOutputStream();
    squall.squall().bot().addAdapter(new ConsoleAdapter(new PipedInputStream(typing),
        new PrintStream(consoleOut, true, StandardCharsets.UTF_8), "carol"));
    List<String> web = new CopyOnWriteArrayList<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + squall.squall().port() + "/chat/ws?x-auth-token=" + squall.adminToken()),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                web.add(data.toString());
                w.request(1);
                return null;
              }
            }).join();

    alice.say("#ops", "!shout from irc");
    bob.sayInRoom(ROOM, "!shout from xmpp");
    typing.write("shout from console\n".getBytes(StandardCharsets.UTF_8));
    typing.flush();
    ws.sendText("{\"text\": \"!shout from web\"}", true).join();

    awaitBot("FROM IRC");
    awaitXmpp("FROM XMPP");
    await("console result").atMost(WAIT).until(() -> consoleOut.toString(StandardCharsets.UTF_8).contains("FROM CONSOLE"));
    await("web result").atMost(WAIT).until(() -> web.stream().anyMatch(t -> t.contains("FROM WEB")));

    String console = consoleOut.toString(StandardCharsets.UTF_8);
    assertThat(botSaid()).noneMatch(l -> l.contains("FROM XMPP") || l.contains("FROM CONSOLE") || l.contains("FROM WEB"));
    assertThat(bob.bodiesFrom(ROOM + "/squallbot")).noneMatch(b -> b.contains("FROM IRC") || b.contains("FROM CONSOLE") || b.contains("FROM WEB"));
    assertThat(console).doesNotContain("FROM IRC").doesNotContain("FROM XMPP").doesNotContain("FROM WEB");
    assertThat(web).noneMatch(t -> t.contains("FROM IRC") || t.contains("FROM XMPP") || t.contains("FROM CONSOLE"));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    typing.close();
  }
}
