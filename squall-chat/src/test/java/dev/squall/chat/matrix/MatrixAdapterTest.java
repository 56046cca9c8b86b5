package dev.squall.chat.matrix;

import dev.squall.chat.PostedMessage;
import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatrixAdapterTest {

  private static final String ALICE = "@alice:localhost";
  private static final String OPS = "!ops:localhost";
  private static final String SEND_PATH = "/_matrix/client/v3/rooms/%21ops%3Alocalhost/send/m.room.message/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdapterTestRig rig = new AdapterTestRig();
  private final FakeMatrix server = rig.closeLater(new FakeMatrix());

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  private MatrixAdapter connect(Map<String, Object> settings) {
    Map<String, Object> section = new HashMap<>(Map.of("homeserver", server.url() + "/", "rooms", List.of("#ops:localhost"),
        "sync_timeout_ms", 1000, "reconnect_min_ms", 20, "reconnect_max_ms", 200));
    section.putAll(settings);
    return rig.connected(new MatrixAdapter("mx", MatrixSettings.fromConfig("mx", section)));
  }

  private MatrixAdapter connect() {
    return connect(Map.of("access_token", FakeMatrix.TOKEN));
  }

  private List<String> texts() {
    return rig.received().stream().map(IncomingMessage::text).toList();
  }

  @Test
  void connectsWithTheTokenJoinsConfiguredRoomsAndSkipsHistory() {
    server.message(OPS, ALICE, null, "squall: said before the bot started", List.of());
    MatrixAdapter adapter = connect();
    server.message(OPS, ALICE, null, "squall: now", List.of());

    waiting("message").until(() -> !rig.received().isEmpty());
    assertThat(texts()).containsExactly("now");
    assertThat(server.requests("GET", "/_matrix/client/v3/account/whoami").getFirst().authorization())
        .isEqualTo("Bearer " + FakeMatrix.TOKEN);
    assertThat(server.requests("POST", "/_matrix/client/v3/join/")).extracting(FakeMatrix.Request::path)
        .containsExactly("/_matrix/client/v3/join/%23ops%3Alocalhost");
    FakeMatrix.Request first = server.requests("GET", "/_matrix/client/v3/sync").getFirst();
    assertThat(first.query()).containsEntry("timeout", "0").doesNotContainKey("since");
    assertThat(first.query().get("filter")).contains("\"limit\":1");
    assertThat(server.requests("GET", "/_matrix/client/v3/sync").get(1).query()).containsEntry("timeout", "1000");
    assertThat(adapter.health().detail()).contains(FakeMatrix.BOT);
  }

  @Test
  void threadedMessageMentioningTheBotArrivesWithUserRoomThreadAndStrippedName() {
    connect();
    String root = server.message(OPS, ALICE, null, "deploy time", List.of());
    server.message(OPS, ALICE, root, "Squall Bot: pack list", List.of(FakeMatrix.BOT));

    waiting("message").until(() -> rig.received().size() == 2);
    IncomingMessage m = rig.received().get(1);
    assertThat(m.adapter()).isEqualTo("mx");
    assertThat(m.userId()).isEqualTo(ALICE);
    assertThat(m.userName()).isEqualTo("alice");
    assertThat(m.room()).isEqualTo(OPS);
    assertThat(m.thread()).isEqualTo(root);
    assertThat(m.direct()).isFalse();
    assertThat(m.mentioned()).isTrue();
    assertThat(m.text()).isEqualTo("pack list");
    IncomingMessage plain = rig.received().getFirst();
    assertThat(plain.messageId()).isEqualTo(root);
    assertThat(plain.thread()).isNull();
    assertThat(plain.mentioned()).isFalse();
    assertThat(plain.text()).isEqualTo("deploy time");
  }

  @Test
  void localpartPrefixAndMentionsListBothCountAsMentions() {
    connect();
    server.message(OPS, ALICE, null, "squall: help", List.of());
    server.message(OPS, ALICE, null, "what does the bot say?", List.of(FakeMatrix.BOT));

    waiting("messages").until(() -> rig.received().size() == 2);
    assertThat(texts()).containsExactly("help", "what does the bot say?");
    assertThat(rig.received()).allSatisfy(m -> assertThat(m.mentioned()).isTrue());
  }

  @Test
  void ignoresTheBotsOwnMessagesOtherBotsNoticesAndEdits() {
    connect();
    server.message(OPS, FakeMatrix.BOT, null, "squall: own", List.of());
    server.roomEvent(OPS, "@otherbot:localhost", "m.room.message",
        JSON.createObjectNode().put("msgtype", "m.notice").put("body", "squall: build passed"));
    ObjectNode edit = JSON.createObjectNode().put("msgtype", "m.text").put("body", "* squall: help");
    edit.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", "$original");
    server.roomEvent(OPS, ALICE, "m.room.message", edit);
    server.roomEvent(OPS, ALICE, "m.reaction", JSON.createObjectNode());
    server.message(OPS, ALICE, null, "squall: last", List.of());

    waiting("message").until(() -> !rig.received().isEmpty());
    assertThat(texts()).containsExactly("last");
  }

  @Test
  void directInviteIsAcceptedAndItsMessagesAreDirect() {
    connect();
    server.invite("!dm:localhost", ALICE, true);
    server.invite("!team:localhost", ALICE, false);
    waiting("joined").until(() -> server.joined().containsAll(List.of("!dm:localhost", "!team:localhost")));
    server.message("!dm:localhost", ALICE, null, "help", List.of());
    server.message("!team:localhost", ALICE, null, "hello", List.of());

    waiting("messages").until(() -> rig.received().size() == 2);
    assertThat(rig.received()).extracting(IncomingMessage::room, IncomingMessage::direct)
        .containsExactly(tuple("!dm:localhost", true),
            tuple("!team:localhost", false));
  }

  @Test
  void directInviteIsRecordedInMDirectSoTheRoomStaysDirectAfterARestart() {
    MatrixAdapter first = connect();
    server.invite("!dm:localhost", ALICE, true);
    waiting("recorded").until(() -> server.accountData("m.direct") != null);
    assertThat(server.accountData("m.direct").path(ALICE).get(0).asText()).isEqualTo("!dm:localhost");
    first.close();

    connect();
    server.message("!dm:localhost", ALICE, null, "help", List.of());
    waiting("message").until(() -> rig.received().size() == 1);
    assertThat(rig.received().getFirst().direct()).isTrue();
  }

  @Test
  void roomsInTheAccountsDirectDataAreDirect() {
    server.directRooms(Map.of(ALICE, List.of("!old-dm:localhost")));
    connect();
    server.message("!old-dm:localhost", ALICE, null, "status", List.of());

    waiting("message").until(() -> rig.received().size() == 1);
    assertThat(rig.received().getFirst().direct()).isTrue();
  }

  @Test
  void sendPutsANoticeInTheThreadWithTxnIdTokenAndHtmlFromExtra() {
    MatrixAdapter adapter = connect();
    adapter.send(new OutgoingMessage(OPS, "$root", "succeeded",
        Map.of("matrix", Map.of("formatted_body", "<b>succeeded</b>"), "slack", Map.of("color", "good"))));

    waiting("sent").until(() -> server.sends().size() == 1);
    FakeMatrix.Request put = server.sends().getFirst();
    assertThat(put.path()).startsWith(SEND_PATH);
    assertThat(put.path().substring(SEND_PATH.length())).matches("[A-Za-z0-9._~-]+");
    assertThat(put.authorization()).isEqualTo("Bearer " + FakeMatrix.TOKEN);
    JsonNode body = put.body();
    assertThat(body.path("msgtype").asText()).isEqualTo("m.notice");
    assertThat(body.path("body").asText()).isEqualTo("succeeded");
    assertThat(body.path("format").asText()).isEqualTo("org.matrix.custom.html");
    assertThat(body.path("formatted_body").asText()).isEqualTo("<b>succeeded</b>");
    JsonNode relates = body.path("m.relates_to");
    assertThat(relates.path("rel_type").asText()).isEqualTo("m.thread");
    assertThat(relates.path("event_id").asText()).isEqualTo("$root");
    assertThat(relates.path("is_falling_back").asBoolean()).isTrue();
    assertThat(relates.path("m.in_reply_to").path("event_id").asText()).isEqualTo("$root");
    assertThat(server.posted()).containsExactly(new Posted(OPS, "$root", "succeeded"));
  }

  @Test
  void topLevelSendHasNoRelationOrHtmlAndUsesTheConfiguredMsgtype() {
    MatrixAdapter adapter = connect(Map.of("access_token", FakeMatrix.TOKEN, "msgtype", "m.text"));
    adapter.send(OutgoingMessage.text(OPS, null, "hi"));

    waiting("sent").until(() -> server.sends().size() == 1);
    JsonNode body = server.sends().getFirst().body();
    assertThat(body.path("msgtype").asText()).isEqualTo("m.text");
    assertThat(body.has("m.relates_to")).isFalse();
    assertThat(body.has("formatted_body")).isFalse();
    assertThat(server.posted()).containsExactly(new Posted(OPS, null, "hi"));
    assertThat(rig.received()).isEmpty(); // its echo in the sync is the bot's own
  }

  @Test
  void roomAliasIsResolvedThroughTheDirectory() {
    MatrixAdapter adapter = connect();
    adapter.send(OutgoingMessage.text("#alerts:localhost", null, "disk full"));

    waiting("sent").until(() -> server.accepted().size() == 1);
    assertThat(server.requests("GET", "/_matrix/client/v3/directory/room/%23alerts%3Alocalhost")).hasSize(1);
    assertThat(server.accepted().getFirst().roomId()).isEqualTo("!alerts:localhost");
  }

  @Test
  void textLongerThanTheBodyLimitIsSplitInOrder() {
    MatrixAdapter adapter = connect();
    String text = "a".repeat(MatrixAdapter.MAX_BODY_LENGTH) + "b".repeat(MatrixAdapter.MAX_BODY_LENGTH) + "c".repeat(10);
    adapter.send(OutgoingMessage.text(OPS, "$root", text));

    waiting("three messages").until(() -> server.accepted().size() == 3);
    List<String> parts = server.posted().stream().map(Posted::text).toList();
    assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(MatrixAdapter.MAX_BODY_LENGTH));
    assertThat(String.join("", parts)).isEqualTo(text);
    assertThat(server.posted()).allSatisfy(p -> assertThat(p.thread()).isEqualTo("$root"));
    assertThat(server.accepted()).extracting(FakeMatrix.Sent::txnId).doesNotHaveDuplicates();
  }

  @Test
  void failedSyncIsRetriedFromTheSamePositionAndNoEventIsAnsweredTwice() {
    connect();
    server.message(OPS, ALICE, null, "squall: one", List.of());
    waiting("first").until(() -> rig.received().size() == 1);
    waiting("polling after it").until(() -> server.syncSinces().getLast().equals("s1_4483_1934"));

    server.repeatOnNextSync(1); // the server lost its place and sends "one" again
    server.failSyncs(1);        // the long-poll in flight fails with 502
    waiting("reconnected").until(() -> server.requests("GET", "/_matrix/client/v3/account/whoami").size() == 2);
    waiting("resumed").until(() -> server.syncSinces().stream().filter("s1_4483_1934"::equals).count() >= 2);
    server.message(OPS, ALICE, null, "squall: two", List.of());

    waiting("second").until(() -> rig.received().size() >= 2);
    assertThat(texts()).containsExactly("one", "two");
    assertThat(server.requests("GET", "/_matrix/client/v3/sync").stream()
        .filter(r -> !r.query().containsKey("since"))).hasSize(1); // never a fresh initial sync
  }

  @Test
  void rateLimitedSendIsRetriedWithTheSameTransactionIdAfterTheWait() {
    MatrixAdapter adapter = connect();
    server.rateLimitNextSends(1, 100);
    adapter.send(OutgoingMessage.text(OPS, null, "first"));
    adapter.send(OutgoingMessage.text(OPS, null, "second"));

    waiting("retried").until(() -> server.sends().size() == 3);
    List<String> paths = server.sends().stream().map(FakeMatrix.Request::path).toList();
    assertThat(paths.get(1)).isEqualTo(paths.get(0));
    assertThat(paths.get(2)).isNotEqualTo(paths.get(0));
    assertThat(server.posted()).extracting(Posted::text).containsExactly("first", "second");
  }

  @Test
  void sendWhoseAnswerWasLostIsRetriedWithTheSameTransactionIdAndStoredOnce() {
    MatrixAdapter adapter = connect();
    server.loseNextSendResponses(1);
    adapter.send(OutgoingMessage.text(OPS, null, "deployed"));

    waiting("sent again").until(() -> server.sends().size() == 2);
    assertThat(server.sends().get(1).path()).isEqualTo(server.sends().get(0).path());
    waiting("reconnected").until(() -> adapter.health().state() == State.CONNECTED);
    assertThat(server.posted()).containsExactly(new Posted(OPS, null, "deployed"));
  }

  @Test
  void logsInWithThePasswordAndAgainWhenTheTokenIsRejected() {
    connect(Map.of("user", "squall", "password", FakeMatrix.PASSWORD));
    JsonNode login = server.requests("POST", "/_matrix/client/v3/login").getFirst().body();
    assertThat(login.path("type").asText()).isEqualTo("m.login.password");
    assertThat(login.path("identifier").path("type").asText()).isEqualTo("m.id.user");
    assertThat(login.path("identifier").path("user").asText()).isEqualTo("squall");
    assertThat(login.path("password").asText()).isEqualTo(FakeMatrix.PASSWORD);
    assertThat(server.requests("GET", "/_matrix/client/v3/account/whoami").getFirst().authorization())
        .isEqualTo("Bearer syt_c3F1YWxs_login1_0aBcDe");

    server.expireTokens();
    waiting("logged in again").until(() -> server.logins() == 2);
    server.message(OPS, ALICE, null, "squall: still there?", List.of());
    waiting("message").until(() -> rig.received().size() == 1);
    assertThat(server.requests("GET", "/_matrix/client/v3/sync").getLast().authorization())
        .isEqualTo("Bearer syt_c3F1YWxs_login2_0aBcDe");
  }

  @Test
  void rejectedTokenIsReportedInHealth() {
    MatrixAdapter wrong = rig.closeLater(new MatrixAdapter("bad", MatrixSettings.fromConfig("bad",
        Map.of("homeserver", server.url(), "access_token", "nope", "reconnect_min_ms", 50))));
    wrong.start(m -> { });

    waiting("refused").until(() -> wrong.health().state() == State.DISCONNECTED
        && wrong.health().detail().contains("401 M_UNKNOWN_TOKEN"));
  }

  @Test
  void wrongPasswordIsReportedInHealth() {
    MatrixAdapter wrong = rig.closeLater(new MatrixAdapter("bad", MatrixSettings.fromConfig("bad",
        Map.of("homeserver", server.url(), "user", "squall", "password", "guess", "reconnect_min_ms", 50))));
    wrong.start(m -> { });

    waiting("refused").until(() -> wrong.health().state() == State.DISCONNECTED
        && wrong.health().detail().startsWith("POST /login as squall answered 403 M_FORBIDDEN: Invalid username or password"));
  }

  @Test
  void roomThatRefusesTheBotDoesNotStopTheOthers() {
    server.forbid("!secret:localhost");
    connect(Map.of("access_token", FakeMatrix.TOKEN, "rooms", List.of("!secret:localhost", "#ops:localhost")));

    assertThat(server.joined()).containsExactly(OPS);
  }

  @Test
  void aFailedResultIsMarkedInBoldAndAnEditIsAnMReplaceWithAStarFallback() {
    MatrixAdapter adapter = connect();
    adapter.send(new OutgoingMessage(OPS, null, "Action x failed.", Map.of(), OutgoingMessage.Kind.FAILURE));
    waiting("the failure").until(() -> server.posted().size() == 1);
    assertThat(server.posted().getLast().text()).isEqualTo("❌ Action x failed.");
    JsonNode failure = server.requests("PUT", SEND_PATH).getLast().body();
    assertThat(failure.path("format").asText()).isEqualTo("org.matrix.custom.html");
    assertThat(failure.path("formatted_body").asText()).startsWith("<strong>❌ Failed</strong>");

    PostedMessage posted = adapter.post(new OutgoingMessage(OPS, null, "⏳ running", Map.of(),
        OutgoingMessage.Kind.PROGRESS)).orElseThrow();
    adapter.edit(posted, new OutgoingMessage(OPS, null, "✅ done", Map.of(), OutgoingMessage.Kind.PROGRESS));

    assertThat(server.edited()).singleElement().satisfies(e -> {
      assertThat(e.original().text()).isEqualTo("⏳ running");
      assertThat(e.text()).isEqualTo("✅ done");
    });
    JsonNode edit = server.requests("PUT", SEND_PATH).getLast().body();
    assertThat(edit.path("body").asText()).isEqualTo("* ✅ done");
    assertThat(edit.at("/m.new_content/body").asText()).isEqualTo("✅ done");
    assertThat(edit.at("/m.relates_to/rel_type").asText()).isEqualTo("m.replace");
    assertThat(edit.at("/m.relates_to/event_id").asText()).isEqualTo(posted.id());
  }
}
