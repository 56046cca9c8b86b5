package dev.squall.chat.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.squall.chat.AdapterTestRig.waiting;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XMPP adapter against a real Prosody, talking to a second Smack connection. */
class XmppAdapterTest {

  private static final String ROOM = "ops@" + ProsodyServer.MUC_DOMAIN;
  private static final String BOT = "squall@" + ProsodyServer.DOMAIN;
  private static final String ALICE = "alice@" + ProsodyServer.DOMAIN;

  @TempDir Path dir;
  private ProsodyServer server;
  private final AdapterTestRig rig = new AdapterTestRig();
  private final List<IncomingMessage> received = rig.received();

  @BeforeEach
  void startServer() throws Exception {
    server = rig.closeLater(ProsodyServer.start(dir));
    server.register("squall", "pw-squall");
    server.register("alice", "pw-alice");
  }

  @AfterEach
  void stopEverything() throws Exception {
    rig.close();
  }

  private XmppAdapter adapter(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(Map.of(
        "jid", BOT, "password", "pw-squall", "host", ProsodyServer.HOST, "port", server.port(),
        "tls", "disabled", "rooms", List.of(ROOM), "reconnect_min_ms", 200));
    config.putAll(extra);
    return rig.connected(new XmppAdapter("xmpp", XmppSettings.fromConfig("xmpp", config)));
  }

  private XmppTestClient alice() throws Exception {
    XmppTestClient alice = XmppTestClient.connect("alice", server.port());
    rig.closeLater(alice);
    return alice;
  }

  @Test
  void roomMessagesReachTheListenerWithRoomUserAndMention() throws Exception {
    adapter(Map.of());
    XmppTestClient alice = alice();
    alice.joinRoom(ROOM);

    alice.sayInRoom(ROOM, "squall: run core.local date");
    alice.sayInRoom(ROOM, "just chatting");

    waiting("two messages").until(() -> received.size() == 2);
    assertThat(received).extracting(IncomingMessage::text).containsExactly("squall: run core.local date", "just chatting");
    assertThat(received).allSatisfy(m -> {
      assertThat(m.adapter()).isEqualTo("xmpp");
      assertThat(m.room()).isEqualTo(ROOM);
      // The bot created the room, so as its owner it sees occupants' real JIDs.
      assertThat(m.userId()).isEqualTo(ALICE);
      assertThat(m.userName()).isEqualTo("alice");
      assertThat(m.direct()).isFalse();
    });
    assertThat(received).extracting(IncomingMessage::mentioned).containsExactly(true, false);
  }

  @Test
  void directMessagesAreDirectWithTheSendersBareJidAsRoom() throws Exception {
    adapter(Map.of());
    XmppTestClient alice = alice();

    alice.sayTo(BOT, "!help");

    waiting("the direct message").until(() -> received.size() == 1);
    IncomingMessage m = received.getFirst();
    assertThat(m.direct()).isTrue();
    assertThat(m.room()).isEqualTo(ALICE);
    assertThat(m.userId()).isEqualTo(ALICE);
    assertThat(m.text()).isEqualTo("!help");
  }

  @Test
  void sentTextArrivesInTheRoomAndAsADirectMessage() throws Exception {
    XmppAdapter adapter = adapter(Map.of());
    XmppTestClient alice = alice();
    alice.joinRoom(ROOM);

    adapter.send(OutgoingMessage.text(ROOM, null, "execution 42 succeeded"));
    adapter.send(OutgoingMessage.text(ALICE, null, "your result is ready"));

    waiting("both messages").until(() ->
        alice.bodiesFrom(ROOM + "/squall").size() == 1 && alice.bodiesFrom(BOT).size() == 1);
    assertThat(alice.bodiesFrom(ROOM + "/squall")).containsExactly("execution 42 succeeded");
    assertThat(alice.bodiesFrom(BOT)).containsExactly("your result is ready");
    // The bot's own room message came back to it, and was not taken for a command.
    assertThat(received).isEmpty();
  }

  @Test
  void longTextIsSplitInOrderAtLineBreaks() throws Exception {
    XmppAdapter adapter = adapter(Map.of());
    XmppTestClient alice = alice();
    alice.joinRoom(ROOM);
    String text = IntStream.range(0, 400)
        .mapToObj(i -> "line %04d %s".formatted(i, "é😀x".repeat(20)))
        .collect(Collectors.joining("\n"));

    adapter.send(OutgoingMessage.text(ROOM, null, text));

    waiting("the last line").until(() -> alice.bodiesFrom(ROOM + "/squall").stream().anyMatch(b -> b.contains("line 0399")));
    List<String> pieces = alice.bodiesFrom(ROOM + "/squall");
    assertThat(pieces).hasSizeGreaterThan(2);
    assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(adapter.limits().maxMessageLength()));
    assertThat(String.join("\n", pieces)).isEqualTo(text);
  }

  @Test
  void terminalColoursAndControlCharactersDoNotBreakTheStream() throws Exception {
    XmppAdapter adapter = adapter(Map.of());
    XmppTestClient alice = alice();
    alice.joinRoom(ROOM);

    adapter.send(OutgoingMessage.text(ROOM, null, "\u001b[31mFAILED\u001b[0m exit\u0000 code\u0007 1"));
    adapter.send(OutgoingMessage.text(ROOM, null, "still connected"));

    waiting("both messages").until(() -> alice.bodiesFrom(ROOM + "/squall").size() == 2);
    assertThat(alice.bodiesFrom(ROOM + "/squall")).containsExactly("FAILED exit code 1", "still connected");
    assertThat(adapter.health().state()).isEqualTo(State.CONNECTED);
  }

  @Test
  void roomHistoryIsNotReplayedToANewlyJoinedBot() throws Exception {
    XmppAdapter first = adapter(Map.of());
    XmppTestClient alice = alice();
    alice.joinRoom(ROOM);
    alice.sayInRoom(ROOM, "squall: old command");
    waiting("old command").until(() -> received.size() == 1);
    first.close();
    received.clear();

    adapter(Map.of());
    alice.sayInRoom(ROOM, "squall: new command");

    waiting("new command").until(() -> !received.isEmpty());
    assertThat(received).extracting(IncomingMessage::text).containsExactly("squall: new command");
  }

  @Test
  void aRoomThatCannotBeJoinedIsReportedWhileTheOthersWork() throws Exception {
    XmppAdapter adapter = adapter(Map.of("rooms", List.of(ROOM, "lost@conference.elsewhere.invalid")));
    assertThat(adapter.health().detail())
        .contains("in " + ROOM)
        .contains("cannot join room lost@conference.elsewhere.invalid");
    XmppTestClient alice = alice();
    alice.joinRoom(ROOM);
    alice.sayInRoom(ROOM, "still here");
    waiting("room message").until(() -> received.size() == 1);
  }

  @Test
  void rejoinsAfterBeingKicked() throws Exception {
    XmppTestClient alice = alice();
    alice.joinRoom(ROOM); // alice creates the room, so she may kick
    XmppAdapter adapter = adapter(Map.of());

    alice.kick(ROOM, "squall");
    waiting("adapter notices the kick").until(() -> adapter.health().state() != State.CONNECTED);
    waiting("adapter back").until(() -> adapter.health().state() == State.CONNECTED);

    alice.sayInRoom(ROOM, "squall: welcome back");
    waiting("room message after rejoin").until(() -> received.size() == 1);
    assertThat(received.getFirst().text()).isEqualTo("squall: welcome back");
  }

  @Test
  void reconnectsAfterTheServerRestartsRejoinsTheRoomAndKeepsWorking() throws Exception {
    XmppAdapter adapter = adapter(Map.of());

    server.stop();
    waiting("adapter notices").until(() -> adapter.health().state() != State.CONNECTED);
    assertThat(adapter.health().state()).isIn(State.DISCONNECTED, State.CONNECTING);
    adapter.send(OutgoingMessage.text(ROOM, null, "queued while down"));
    server.start();
    waiting("adapter reconnected").until(() -> adapter.health().state() == State.CONNECTED);

    XmppTestClient alice = alice();
    // With history: the queued message is in the room's history if it went out before alice came.
    alice.joinRoom(ROOM, true);
    waiting("the queued message").until(() -> alice.bodiesFrom(ROOM + "/squall").contains("queued while down"));
    alice.sayInRoom(ROOM, "squall: after restart");
    waiting("room message after restart").until(() -> received.size() == 1);
    adapter.send(OutgoingMessage.text(ROOM, null, "reply after restart"));
    waiting("reply").until(() -> alice.bodiesFrom(ROOM + "/squall").size() == 2);

    alice.sayInRoom(ROOM, "squall: last");
    waiting("last message").until(() -> received.size() == 2);
    adapter.send(OutgoingMessage.text(ROOM, null, "last reply"));
    waiting("last reply").until(() -> alice.bodiesFrom(ROOM + "/squall").size() == 3);
    assertThat(received).extracting(IncomingMessage::text).containsExactly("squall: after restart", "squall: last");
    assertThat(alice.bodiesFrom(ROOM + "/squall")).containsExactly("queued while down", "reply after restart", "last reply");
  }
}
