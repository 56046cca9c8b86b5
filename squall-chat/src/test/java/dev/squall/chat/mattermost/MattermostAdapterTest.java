package dev.squall.chat.mattermost;

import dev.squall.chat.PostedMessage;
import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MattermostAdapterTest {

  private static final String ALICE = "a11ce000000000000000000000";
  private static final String TOWN = "town0000000000000000000000";
  private static final String DM = "dm00000000000000000000000";

  private final AdapterTestRig rig = new AdapterTestRig();
  private FakeMattermostServer server;
  private MattermostAdapter adapter;

  @BeforeEach
  void connect() {
    server = rig.closeLater(new FakeMattermostServer());
    adapter = rig.connected(new MattermostAdapter("mm", MattermostSettings.fromConfig("mm", Map.of(
        "url", server.url() + "/", "token", FakeMattermostServer.TOKEN,
        "reconnect_min_ms", 50, "reconnect_max_ms", 200))));
  }

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  @Test
  void authenticatesTheWebSocketWithTheToken() {
    JsonNode challenge = server.socketMessages().getFirst();
    assertThat(challenge.path("action").asText()).isEqualTo("authentication_challenge");
    assertThat(challenge.path("seq").asLong()).isEqualTo(1);
    assertThat(challenge.path("data").path("token").asText()).isEqualTo(FakeMattermostServer.TOKEN);
    assertThat(server.requests().getFirst().authorization()).isEqualTo("Bearer " + FakeMattermostServer.TOKEN);
    assertThat(adapter.health().detail()).contains("@squall");
  }

  @Test
  void channelMessageInAThreadArrivesWithUserRoomThreadAndMention() throws Exception {
    server.posted("post1", ALICE, "alice", TOWN, "O", "root1", "@squall pack list",
        List.of(FakeMattermostServer.BOT_ID));

    waiting("message").until(() -> rig.received().size() == 1);
    IncomingMessage m = rig.received().getFirst();
    assertThat(m.adapter()).isEqualTo("mm");
    assertThat(m.userId()).isEqualTo(ALICE);
    assertThat(m.userName()).isEqualTo("alice");
    assertThat(m.room()).isEqualTo(TOWN);
    assertThat(m.thread()).isEqualTo("root1");
    assertThat(m.messageId()).isEqualTo("post1");
    assertThat(m.direct()).isFalse();
    assertThat(m.mentioned()).isTrue();
    assertThat(m.text()).isEqualTo("@squall pack list");
  }

  @Test
  void directMessageIsDirectAndTopLevelPostHasNoThread() throws Exception {
    server.posted("post2", ALICE, "alice", DM, "D", "", "help", null);

    waiting("message").until(() -> rig.received().size() == 1);
    IncomingMessage m = rig.received().getFirst();
    assertThat(m.room()).isEqualTo(DM);
    assertThat(m.direct()).isTrue();
    assertThat(m.thread()).isNull();
    assertThat(m.mentioned()).isFalse();
  }

  @Test
  void ignoresTheBotsOwnPosts() throws Exception {
    server.posted("own", FakeMattermostServer.BOT_ID, "squall", TOWN, "O", "", "done", null);
    server.posted("next", ALICE, "alice", TOWN, "O", "", "thanks @squall.", null);

    waiting("message").until(() -> !rig.received().isEmpty());
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("thanks @squall.");
    assertThat(rig.received().getFirst().mentioned()).isTrue();
  }

  @Test
  void sendPostsToTheChannelInTheThreadWithPropsFromExtra() {
    Map<String, Object> props = Map.of("attachments", List.of(Map.of("color", "#00ff00", "text", "ok")));
    adapter.send(new OutgoingMessage(TOWN, "root1", "succeeded", Map.of("mattermost", props, "slack", Map.of("x", 1))));

    waiting("post").until(() -> server.posts().size() == 1);
    FakeMattermostServer.Request post = server.posts().getFirst();
    assertThat(post.path()).isEqualTo("/api/v4/posts");
    assertThat(post.authorization()).isEqualTo("Bearer " + FakeMattermostServer.TOKEN);
    assertThat(post.body().path("channel_id").asText()).isEqualTo(TOWN);
    assertThat(post.body().path("root_id").asText()).isEqualTo("root1");
    assertThat(post.body().path("message").asText()).isEqualTo("succeeded");
    assertThat(post.body().path("props").path("attachments").get(0).path("color").asText()).isEqualTo("#00ff00");
  }

  @Test
  void topLevelSendHasNoRootIdOrProps() {
    adapter.send(OutgoingMessage.text(DM, null, "hi"));

    waiting("post").until(() -> server.posts().size() == 1);
    JsonNode body = server.posts().getFirst().body();
    assertThat(body.has("root_id")).isFalse();
    assertThat(body.has("props")).isFalse();
  }

  @Test
  void textLongerThanThePostLimitIsSplitInOrder() {
    String text = "a".repeat(MattermostAdapter.MAX_POST_LENGTH) + "b".repeat(MattermostAdapter.MAX_POST_LENGTH) + "c".repeat(10);
    adapter.send(OutgoingMessage.text(TOWN, "root1", text));

    waiting("three posts").until(() -> server.posts().size() == 3);
    List<String> parts = server.posts().stream().map(p -> p.body().path("message").asText()).toList();
    assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(16_383));
    assertThat(String.join("", parts)).isEqualTo(text);
    assertThat(server.posts()).allSatisfy(p -> assertThat(p.body().path("root_id").asText()).isEqualTo("root1"));
  }

  @Test
  void droppedWebSocketIsReconnectedWithFreshAuthenticationAndNoPostIsAnsweredTwice() throws Exception {
    server.posted("post1", ALICE, "alice", TOWN, "O", "", "@squall one", null);
    waiting("first").until(() -> rig.received().size() == 1);

    server.dropSockets();
    waiting("second authentication").until(() -> server.socketMessages().size() == 2 && server.authenticatedSockets() == 1);
    waiting("connected again").until(() -> adapter.health().state() == State.CONNECTED);
    assertThat(server.socketMessages().get(1).path("seq").asLong()).isGreaterThan(1);
    assertThat(server.connectQueries().get(0)).isEmpty();
    assertThat(server.connectQueries().get(1)).isEqualTo("connection_id=c0&sequence_number=2"); // hello 0, posted 1

    server.posted("post1", ALICE, "alice", TOWN, "O", "", "@squall one", null); // replayed
    server.posted("post2", ALICE, "alice", TOWN, "O", "", "@squall two", null);
    waiting("second").until(() -> rig.received().size() >= 2);
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("@squall one", "@squall two");
  }

  @Test
  void rateLimitedPostIsRetriedAfterTheServersDelay() {
    server.rateLimitNext(1, Map.of("X-Ratelimit-Limit", "10", "X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", "1"));
    adapter.send(OutgoingMessage.text(TOWN, null, "first"));
    adapter.send(OutgoingMessage.text(TOWN, null, "second"));

    waiting("retried").until(() -> server.posts().size() == 3);
    assertThat(server.posts()).extracting(p -> p.body().path("message").asText())
        .containsExactly("first", "first", "second");
  }

  @Test
  void postThatTheServerFailsIsSentAgainAfterAReconnect() {
    server.failNext(1);
    adapter.send(OutgoingMessage.text(TOWN, null, "result"));

    waiting("posted again").until(() -> server.posts().size() == 2);
    assertThat(server.posts()).extracting(p -> p.body().path("message").asText()).containsExactly("result", "result");
    assertThat(server.socketMessages()).hasSize(2); // a fresh authentication on the new socket
  }

  @Test
  void wrongTokenIsReportedInHealth() {
    MattermostAdapter wrong = rig.closeLater(new MattermostAdapter("bad", MattermostSettings.fromConfig("bad",
        Map.of("url", server.url(), "token", "nope", "reconnect_min_ms", 50))));
    wrong.start(m -> { });

    waiting("refused").until(() -> wrong.health().state() == State.DISCONNECTED
        && wrong.health().detail().contains("401"));
    assertThat(wrong.health().detail()).contains("Invalid or expired session");
  }

  @Test
  void aFailedResultCarriesARedAttachmentAndAPostedMessageIsPatchedInPlace() {
    adapter.send(new OutgoingMessage(TOWN, null, "Action x failed.", Map.of(), OutgoingMessage.Kind.FAILURE));
    waiting("the failure").until(() -> server.posted().size() == 1);
    JsonNode post = server.requests().stream().filter(r -> r.method().equals("POST")).toList().getLast().body();
    assertThat(post.path("message").asText()).isEqualTo("Action x failed.");
    assertThat(post.at("/props/attachments/0/color").asText()).isEqualTo(MattermostAdapter.FAILURE_COLOR);

    PostedMessage posted = adapter.post(new OutgoingMessage(TOWN, null, "⏳ running", Map.of(),
        OutgoingMessage.Kind.PROGRESS)).orElseThrow();
    adapter.edit(posted, new OutgoingMessage(TOWN, null, "✅ done", Map.of(), OutgoingMessage.Kind.PROGRESS));

    assertThat(server.edited()).singleElement().satisfies(e -> {
      assertThat(e.original().text()).isEqualTo("⏳ running");
      assertThat(e.text()).isEqualTo("✅ done");
    });
    assertThat(server.requests().stream().filter(r -> r.method().equals("PUT")).toList()).singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/api/v4/posts/" + posted.id() + "/patch"));
  }
}
