package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.squall.chat.AdapterTestRig.waiting;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.TooManyRequestsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IRC adapter against a real ngircd, talking to a raw-socket test client. */
class IrcAdapterTest {

  @TempDir Path dir;
  private NgircdServer server;
  private final AdapterTestRig rig = new AdapterTestRig();
  private final List<IncomingMessage> received = rig.received();

  @BeforeEach
  void startServer() throws Exception {
    server = rig.closeLater(NgircdServer.start(dir));
  }

  @AfterEach
  void stopEverything() throws Exception {
    rig.close();
  }

  private IrcAdapter adapter(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(Map.of(
        "server", NgircdServer.HOST, "port", server.port(), "nick", "squall", "channels", List.of("#ops"),
        "reconnect_min_ms", 200));
    config.putAll(extra);
    return rig.connected(new IrcAdapter("irc", IrcSettings.fromConfig("irc", config)));
  }

  private IrcTestClient client(String nick) throws Exception {
    IrcTestClient client = IrcTestClient.connect(nick, server.port());
    rig.closeLater(client);
    return client;
  }

  @Test
  void channelMessagesReachTheListenerWithRoomUserAndMention() throws Exception {
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");

    alice.say("#ops", "squall: run core.local date");
    alice.say("#ops", "just chatting");
    alice.say("#ops", "hey @squall, help");

    waiting("three messages").until(() -> received.size() == 3);
    assertThat(received).extracting(IncomingMessage::text)
        .containsExactly("squall: run core.local date", "just chatting", "hey @squall, help");
    assertThat(received).allSatisfy(m -> {
      assertThat(m.adapter()).isEqualTo("irc");
      assertThat(m.room()).isEqualTo("#ops");
      assertThat(m.userId()).isEqualTo("alice");
      assertThat(m.userName()).isEqualTo("alice");
      assertThat(m.direct()).isFalse();
      assertThat(m.thread()).isNull();
    });
    assertThat(received).extracting(IncomingMessage::mentioned).containsExactly(true, false, true);
    assertThat(adapter.health().detail()).contains("squall");
  }

  @Test
  void privateMessagesAreDirectAndAnsweredToTheSender() throws Exception {
    adapter(Map.of());
    IrcTestClient bob = client("bob");

    bob.say("squall", "!help");

    waiting("the private message").until(() -> received.size() == 1);
    IncomingMessage m = received.getFirst();
    assertThat(m.direct()).isTrue();
    assertThat(m.room()).isEqualTo("bob");
    assertThat(m.userId()).isEqualTo("bob");
    assertThat(m.text()).isEqualTo("!help");
  }

  @Test
  void sentTextArrivesInTheChannelAndAsPrivateMessage() throws Exception {
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");

    adapter.send(OutgoingMessage.text("#ops", null, "execution 42 succeeded"));
    adapter.send(OutgoingMessage.text("alice", null, "your result is ready"));

    waiting("both messages").until(() ->
        alice.privmsgs("squall", "#ops").size() == 1 && alice.privmsgs("squall", "alice").size() == 1);
    assertThat(alice.privmsgs("squall", "#ops").getFirst().last()).isEqualTo("execution 42 succeeded");
    assertThat(alice.privmsgs("squall", "alice").getFirst().last()).isEqualTo("your result is ready");
  }

  @Test
  void longMultiLineTextIsSplitInOrderWithinTheLineLimitAndWholeCharacters() throws Exception {
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");
    String unbroken = "é".repeat(300) + "😀".repeat(200) + "x".repeat(333);
    String words = String.join(" ", java.util.Collections.nCopies(150, "word"));
    String text = "first line\n" + unbroken + "\n\n" + words + "\nlast line";

    adapter.send(OutgoingMessage.text("#ops", null, text));

    waiting("the last line").until(() -> alice.privmsgs("squall", "#ops").stream().anyMatch(l -> l.last().equals("last line")));
    List<String> raw = alice.lines().stream().filter(l -> l.startsWith(":squall!")).toList();
    assertThat(raw).allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length + 2).isLessThanOrEqualTo(512));
    List<String> pieces = alice.privmsgs("squall", "#ops").stream().map(IrcLine::last).toList();
    assertThat(pieces.size()).isGreaterThan(6);
    assertThat(pieces.getFirst()).isEqualTo("first line");
    assertThat(pieces.getLast()).isEqualTo("last line");
    List<String> middle = pieces.subList(1, pieces.size() - 1);
    int unbrokenPieces = (int) middle.stream().takeWhile(p -> !p.startsWith("word")).count();
    assertThat(String.join("", middle.subList(0, unbrokenPieces))).isEqualTo(unbroken);
    assertThat(String.join(" ", middle.subList(unbrokenPieces, middle.size()))).isEqualTo(words);
    assertThat(pieces).noneMatch(p -> p.contains("\uFFFD"));
  }

  @Test
  void aBurstOfMessagesIsPacedAndArrivesCompleteAndInOrder() throws Exception {
    IrcAdapter adapter = adapter(Map.of("flood_burst", 3, "flood_interval_ms", 100));
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");
    List<String> sent = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "result line " + i).toList();

    sent.forEach(text -> adapter.send(OutgoingMessage.text("#ops", null, text)));

    waiting("all 30 lines").until(() -> alice.privmsgs("squall", "#ops").size() == 30);
    assertThat(alice.privmsgs("squall", "#ops")).extracting(IrcLine::last).containsExactlyElementsOf(sent);
    assertThat(adapter.health().state()).isEqualTo(State.CONNECTED);
    assertThat(rig.rateLimitWaits()).as("flood control's waits are reported for the metrics").isNotEmpty();
  }

  @Test
  void ownMessagesAndNoticesAreIgnored() throws Exception {
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");

    adapter.send(OutgoingMessage.text("#ops", null, "squall: talking to myself"));
    alice.send("NOTICE #ops :squall: a notice");
    waiting("own message relayed").until(() -> alice.privmsgs("squall", "#ops").size() == 1);
    alice.say("#ops", "squall: a real command");

    waiting("the real command").until(() -> !received.isEmpty());
    assertThat(received).extracting(IncomingMessage::text).containsExactly("squall: a real command");
  }

  @Test
  void takenNickGetsAnUnderscoreAndMentionsFollowTheNewNick() throws Exception {
    client("squall");
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall_");

    alice.say("#ops", "squall_: status");

    waiting("the message").until(() -> received.size() == 1);
    assertThat(received.getFirst().mentioned()).isTrue();
    assertThat(adapter.health().detail()).contains("as squall_");
  }

  @Test
  void takesItsNickBackWhenTheHolderLeaves() throws Exception {
    IrcTestClient holder = client("squall");
    holder.join("#ops");
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall_");

    holder.send("QUIT :bye");

    waiting("nick change seen").until(() -> alice.lines().stream().anyMatch(l -> l.startsWith(":squall_!") && l.contains(" NICK ")));
    alice.say("#ops", "squall: are you back?");
    waiting("the message").until(() -> received.size() == 1);
    assertThat(received.getFirst().mentioned()).isTrue();
    adapter.send(OutgoingMessage.text("#ops", null, "yes"));
    waiting("reply under the old nick").until(() -> alice.privmsgs("squall", "#ops").size() == 1);
    assertThat(adapter.health().detail()).contains("as squall,");
  }

  @Test
  void reconnectsAfterTheServerRestartsAndKeepsWorking() throws Exception {
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");
    alice.say("#ops", "squall: before");
    waiting("message before restart").until(() -> received.size() == 1);

    server.stop();
    waiting("adapter notices").until(() -> adapter.health().state() != State.CONNECTED);
    assertThat(adapter.health().state()).isIn(State.DISCONNECTED, State.CONNECTING);
    server.start();
    waiting("adapter reconnected").until(() -> adapter.health().state() == State.CONNECTED);

    IrcTestClient carol = client("carol");
    carol.join("#ops");
    carol.awaitMember("#ops", "squall");
    carol.say("#ops", "squall: after");
    waiting("message after restart").until(() -> received.size() == 2);
    adapter.send(OutgoingMessage.text("#ops", null, "reply after restart"));
    waiting("reply").until(() -> carol.privmsgs("squall", "#ops").size() == 1);

    // One more round trip proves nothing else was still on its way.
    carol.say("#ops", "squall: last");
    waiting("last message").until(() -> received.size() == 3);
    adapter.send(OutgoingMessage.text("#ops", null, "last reply"));
    waiting("last reply").until(() -> carol.privmsgs("squall", "#ops").size() == 2);
    assertThat(received).extracting(IncomingMessage::text).containsExactly("squall: before", "squall: after", "squall: last");
    assertThat(carol.privmsgs("squall", "#ops")).extracting(IrcLine::last).containsExactly("reply after restart", "last reply");
  }

  @Test
  void messagesSentWhileDisconnectedGoOutOnceAfterTheReconnect() throws Exception {
    CuttableProxy proxy = new CuttableProxy(server.port());
    rig.closeLater(proxy);
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    IrcAdapter adapter = adapter(Map.of("port", proxy.port()));
    alice.awaitMember("#ops", "squall");

    proxy.cut();
    waiting("adapter notices the drop").until(() -> adapter.health().state() != State.CONNECTED);
    adapter.send(OutgoingMessage.text("#ops", null, "queued for the room"));
    adapter.send(OutgoingMessage.text("alice", null, "queued for alice"));
    assertThat(adapter.health().state()).isIn(State.DISCONNECTED, State.CONNECTING);
    proxy.heal();
    waiting("adapter reconnected").until(() -> adapter.health().state() == State.CONNECTED);

    waiting("both queued messages").until(() -> fromBot(alice, "#ops").size() == 1 && fromBot(alice, "alice").size() == 1);
    adapter.send(OutgoingMessage.text("#ops", null, "after"));
    waiting("the next message").until(() -> fromBot(alice, "#ops").size() == 2);
    assertThat(fromBot(alice, "#ops")).containsExactly("queued for the room", "after");
    assertThat(fromBot(alice, "alice")).containsExactly("queued for alice");
  }

  /** What the bot said to the target, whether it got its nick back after the drop or not. */
  private static List<String> fromBot(IrcTestClient client, String target) {
    return client.lines().stream().map(IrcLine::parse)
        .filter(l -> l.command().equals("PRIVMSG") && l.nick().startsWith("squall") && l.param(0).equals(target))
        .map(IrcLine::last).toList();
  }

  @Test
  void refusesToQueueMoreThanItsCapacityInsteadOfDroppingSilently() throws Exception {
    IrcAdapter adapter = new IrcAdapter("irc", IrcSettings.fromConfig("irc", Map.of(
        "server", NgircdServer.HOST, "port", server.port(), "queue_size", 2)));
    rig.closeLater(adapter);
    // Not started: nothing drains the queue.
    adapter.send(OutgoingMessage.text("#ops", null, "one\ntwo"));
    assertThatThrownBy(() -> adapter.send(OutgoingMessage.text("#ops", null, "three")))
        .isInstanceOf(TooManyRequestsException.class)
        .hasMessageContaining("2 lines waiting");
  }

  @Test
  void aFailingListenerDoesNotStopLaterMessages() throws Exception {
    IrcAdapter adapter = new IrcAdapter("irc", IrcSettings.fromConfig("irc", Map.of(
        "server", NgircdServer.HOST, "port", server.port(), "channels", "#ops")));
    rig.closeLater(adapter);
    adapter.start(message -> {
      received.add(message);
      if (message.text().equals("boom")) {
        throw new IllegalStateException("listener bug");
      }
    });
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");

    alice.say("#ops", "boom");
    alice.say("#ops", "after the boom");

    waiting("both messages").until(() -> received.size() == 2);
    assertThat(received.get(1).text()).isEqualTo("after the boom");
    assertThat(adapter.health().state()).isEqualTo(State.CONNECTED);
  }

  @Test
  void refusesATargetThatWouldInjectACommand() {
    IrcAdapter adapter = new IrcAdapter("irc", IrcSettings.fromConfig("irc", Map.of("server", NgircdServer.HOST)));
    rig.closeLater(adapter);
    for (String target : List.of("#ops\r\nQUIT", "#a,#b", "", ":x")) {
      assertThatThrownBy(() -> adapter.send(OutgoingMessage.text(target, null, "hi")))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("give a channel or a nick");
    }
    assertThatThrownBy(() -> adapter.send(OutgoingMessage.text("#" + "x".repeat(400), null, "hi")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("too long");
  }

  @Test
  void healthIsStoppedAfterClose() throws Exception {
    IrcAdapter adapter = adapter(Map.of());
    adapter.close();
    assertThat(adapter.health().state()).isEqualTo(State.STOPPED);
  }

  @Test
  void aFailedResultStartsInBoldRedUnlessColorsAreOff() throws Exception {
    IrcAdapter adapter = adapter(Map.of());
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");

    adapter.send(new OutgoingMessage("#ops", null, "Action x failed.\nexit code 3", Map.of(), OutgoingMessage.Kind.FAILURE));
    adapter.send(new OutgoingMessage("#ops", null, "Action y completed.", Map.of(), OutgoingMessage.Kind.RESULT));

    waiting("three lines").until(() -> alice.privmsgs("squall", "#ops").size() == 3);
    // (a room's short reply may pass a longer one: only the lines matter here)
    assertThat(alice.privmsgs("squall", "#ops")).extracting(IrcLine::last).containsExactlyInAnyOrder(
        "\u0002\u000304failed:\u000f Action x failed.", "exit code 3", "Action y completed.");
    assertThat(adapter.edits()).as("IRC cannot edit: progress is lines or nothing").isFalse();
  }

  @Test
  void withColorsOffAFailureIsPlainText() throws Exception {
    IrcAdapter adapter = adapter(Map.of("colors", false));
    IrcTestClient alice = client("alice");
    alice.join("#ops");
    alice.awaitMember("#ops", "squall");

    adapter.send(new OutgoingMessage("#ops", null, "Action x failed.", Map.of(), OutgoingMessage.Kind.FAILURE));

    waiting("the line").until(() -> alice.privmsgs("squall", "#ops").size() == 1);
    assertThat(alice.privmsgs("squall", "#ops").getFirst().last()).isEqualTo("Action x failed.");
  }
}
