package dev.squall.chat.teams;

import dev.squall.chat.PostedMessage;
import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.core.error.BadRequestException;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamsAdapterTest {

  private static final String CHANNEL = "19:a1b2c3d4e5f6@thread.tacv2";
  private static final String GROUP_CHAT = "19:meeting_c0ffee@thread.v2";
  private static final String PERSONAL = "a:1Xq3bV0kPz-personal-chat";

  private final AdapterTestRig rig = new AdapterTestRig();
  private FakeTeams teams;
  private TeamsAdapter adapter;

  @BeforeEach
  void connect() {
    teams = rig.closeLater(new FakeTeams());
    adapter = rig.connected(new TeamsAdapter("teams", TeamsSettings.fromConfig("teams", config(Map.of()))));
  }

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  private Map<String, Object> config(Map<String, Object> changes) {
    Map<String, Object> config = new HashMap<>(teams.adapterConfig());
    config.remove("type");
    config.putAll(changes);
    return config;
  }

  @Test
  void listensOnTheConfiguredPortOnceTheTokenAndKeysAreFetched() {
    assertThat(adapter.port()).isEqualTo(teams.adapterConfig().get("listen_port"));
    assertThat(adapter.health().detail()).contains("127.0.0.1:" + adapter.port() + "/api/messages");
    assertThat(teams.tokenRequests).hasSize(1);
  }

  @Test
  void channelThreadMessageArrivesWithUserRoomThreadAndMention() {
    String id = teams.userSays("alice", CHANNEL, "1764000000000", "pack list");

    waiting("message").until(() -> rig.received().size() == 1);
    IncomingMessage m = rig.received().getFirst();
    assertThat(id).isNotBlank();
    assertThat(m.adapter()).isEqualTo("teams");
    assertThat(m.userId()).isEqualTo(FakeTeams.aadId("alice"));
    assertThat(m.userName()).isEqualTo("alice");
    assertThat(m.room()).isEqualTo(CHANNEL);
    assertThat(m.thread()).isEqualTo("1764000000000");
    assertThat(m.direct()).isFalse();
    assertThat(m.mentioned()).isTrue();
    assertThat(m.text()).isEqualTo("pack list");
  }

  @Test
  void personalChatMessageIsDirectWithoutThreadOrMention() {
    teams.userSays("bob", PERSONAL, null, "help");

    waiting("message").until(() -> rig.received().size() == 1);
    IncomingMessage m = rig.received().getFirst();
    assertThat(m.room()).isEqualTo(PERSONAL);
    assertThat(m.direct()).isTrue();
    assertThat(m.thread()).isNull();
    assertThat(m.mentioned()).isFalse();
    assertThat(m.text()).isEqualTo("help");
  }

  @Test
  void userWithoutEntraIdIsKnownByTheirBotFrameworkId() {
    ObjectNode activity = teams.messageActivity(teams.nextActivityId(), "carol", GROUP_CHAT, null, "hi <at>Dave</at>");
    ((ObjectNode) activity.path("from")).remove("aadObjectId");
    assertThat(teams.deliver(activity)).isEqualTo(200);

    waiting("message").until(() -> rig.received().size() == 1);
    IncomingMessage m = rig.received().getFirst();
    assertThat(m.userId()).isEqualTo(activity.path("from").path("id").asText());
    assertThat(m.room()).isEqualTo(GROUP_CHAT);
    assertThat(m.thread()).isNull();
    assertThat(m.text()).isEqualTo("hi @Dave");
  }

  @Test
  void ignoresTheBotsOwnMessagesAndOtherActivities() {
    ObjectNode own = teams.messageActivity(teams.nextActivityId(), "x", CHANNEL, "1", "done");
    ((ObjectNode) own.path("from")).put("id", FakeTeams.BOT_ID).put("name", "Squall");
    ObjectNode update = teams.messageActivity(teams.nextActivityId(), "x", CHANNEL, null, "");
    update.put("type", "conversationUpdate");
    assertThat(teams.deliver(own)).isEqualTo(200);
    assertThat(teams.deliver(update)).isEqualTo(200);
    teams.userSays("alice", CHANNEL, "1", "next");

    waiting("message").until(() -> !rig.received().isEmpty());
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("next");
  }

  @Test
  void requestsWithoutAValidBotFrameworkTokenAreRefusedAndNotHandedOn() {
    long now = Instant.now().getEpochSecond();
    var otherKey = FakeTeams.newKeyPair().getPrivate();
    Map<String, String> refused = new java.util.LinkedHashMap<>();
    refused.put("no header", null);
    refused.put("not bearer", "Basic " + FakeTeams.APP_ID);
    refused.put("garbage", "Bearer not.a.jwt");
    refused.put("expired", "Bearer " + teams.channelToken(c -> c.put("exp", now - 600).put("nbf", now - 4000)));
    refused.put("not yet valid", "Bearer " + teams.channelToken(c -> c.put("nbf", now + 900)));
    refused.put("wrong audience", "Bearer " + teams.channelToken(c -> c.put("aud", "another-bot")));
    refused.put("wrong issuer", "Bearer " + teams.channelToken(c -> c.put("iss", "https://sts.windows.net/evil/")));
    refused.put("other service url", "Bearer " + teams.channelToken(c -> c.put("serviceurl", "https://evil.example/")));
    refused.put("no service url", "Bearer " + teams.channelToken(c -> c.remove("serviceurl")));
    refused.put("wrong key", "Bearer " + teams.signedToken(otherKey, FakeTeams.KID, c -> { }));
    refused.put("unknown key", "Bearer " + teams.signedToken(otherKey, "unknown-kid", c -> { }));
    String valid = teams.channelToken(c -> { });
    String[] parts = valid.split("\\.");
    refused.put("alg none", "Bearer " + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"kid\":\"fakeKid1-f8a1\"}".getBytes()) + "." + parts[1] + ".");
    refused.put("claims changed", "Bearer " + parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"iss\":\"https://api.botframework.com\",\"aud\":\"6f1b3c2e-5d4a-4e8b-9c7d-1a2b3c4d5e6f\",\"exp\":9999999999,\"serviceUrl\":\"https://evil.example/\"}".getBytes())
        + "." + parts[2]);

    refused.forEach((why, authorization) -> {
      JsonNode activity = teams.messageActivity(teams.nextActivityId(), "mallory", CHANNEL, "1", why);
      assertThat(teams.deliver(activity, authorization)).as(why).isEqualTo(401);
    });
    ObjectNode notEndorsed = teams.messageActivity(teams.nextActivityId(), "mallory", CHANNEL, "1", "other channel");
    notEndorsed.put("channelId", "slack");
    assertThat(teams.deliver(notEndorsed)).as("key not endorsed for the channel").isEqualTo(401);
    teams.userSays("alice", CHANNEL, "1", "genuine");

    waiting("the genuine message").until(() -> !rig.received().isEmpty());
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("genuine");
  }

  @Test
  void redeliveredActivityIsHandedOnOnce() {
    ObjectNode activity = teams.messageActivity(teams.nextActivityId(), "alice", CHANNEL, "1", "restart web");
    assertThat(teams.deliver(activity)).isEqualTo(200);
    assertThat(teams.deliver(activity)).isEqualTo(200);
    teams.userSays("alice", CHANNEL, "1", "status");

    waiting("messages").until(() -> rig.received().size() >= 2);
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("restart web", "status");
  }

  @Test
  void sendPostsToTheChannelThreadWithTheBearerTokenAsMarkdownWithAttachments() {
    teams.userSays("alice", CHANNEL, "1764000000000", "deploy");
    waiting("message").until(() -> rig.received().size() == 1);
    IncomingMessage m = rig.received().getFirst();
    Map<String, Object> card = Map.of("contentType", "application/vnd.microsoft.card.adaptive",
        "content", Map.of("type", "AdaptiveCard", "version", "1.4", "body", List.of(Map.of("type", "TextBlock", "text", "ok"))));
    adapter.send(new OutgoingMessage(m.room(), m.thread(), "**succeeded**",
        Map.of("teams", Map.of("attachments", List.of(card)), "slack", Map.of("blocks", List.of()))));

    waiting("post").until(() -> teams.accepted().size() == 1);
    FakeTeams.ConnectorPost post = teams.accepted().getFirst();
    assertThat(post.rawPath()).isEqualTo(
        "/amer/v3/conversations/19%3Aa1b2c3d4e5f6%40thread.tacv2%3Bmessageid%3D1764000000000/activities");
    assertThat(post.conversationId()).isEqualTo(CHANNEL + ";messageid=1764000000000");
    assertThat(post.authorization()).startsWith("Bearer eyJ0eXAiOiJKV1QifQ.access-");
    assertThat(post.body().path("type").asText()).isEqualTo("message");
    assertThat(post.body().path("text").asText()).isEqualTo("**succeeded**");
    assertThat(post.body().path("textFormat").asText()).isEqualTo("markdown");
    assertThat(post.body().path("attachments").get(0).path("content").path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(post.body().has("blocks")).isFalse();
    assertThat(teams.posted()).containsExactly(new Posted(CHANNEL, "1764000000000", "**succeeded**"));
  }

  @Test
  void topLevelSendGoesToTheConversationWithoutAttachments() {
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "hello"));

    waiting("post").until(() -> teams.accepted().size() == 1);
    FakeTeams.ConnectorPost post = teams.accepted().getFirst();
    assertThat(post.conversationId()).isEqualTo(GROUP_CHAT);
    assertThat(post.body().has("attachments")).isFalse();
    assertThat(teams.posted()).containsExactly(new Posted(GROUP_CHAT, null, "hello"));
  }

  @Test
  void repliesGoToTheServiceUrlTheConversationCameFromElseTheConfiguredOne() throws Exception {
    rig.close();
    teams = rig.closeLater(new FakeTeams());
    adapter = rig.connected(new TeamsAdapter("teams", TeamsSettings.fromConfig("teams",
        config(Map.of("service_url", teams.url() + "/emea/")))));
    teams.userSays("alice", PERSONAL, null, "hi");
    waiting("message").until(() -> rig.received().size() == 1);

    adapter.send(OutgoingMessage.text(PERSONAL, null, "to amer"));
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "to emea"));

    waiting("posts").until(() -> teams.accepted().size() == 2);
    assertThat(teams.accepted()).extracting(FakeTeams.ConnectorPost::rawPath).containsExactly(
        "/amer/v3/conversations/a%3A1Xq3bV0kPz-personal-chat/activities",
        "/emea/v3/conversations/19%3Ameeting_c0ffee%40thread.v2/activities");
  }

  @Test
  void sendToAConversationWithNoKnownServiceUrlIsRefused() throws Exception {
    Map<String, Object> withoutServiceUrl = config(Map.of());
    withoutServiceUrl.remove("service_url");
    withoutServiceUrl.put("listen_port", 0);
    TeamsAdapter bare = rig.connected(new TeamsAdapter("bare", TeamsSettings.fromConfig("bare", withoutServiceUrl)));

    assertThat(bare.port()).isPositive().isNotEqualTo(adapter.port());
    assertThatThrownBy(() -> bare.send(OutgoingMessage.text(GROUP_CHAT, null, "x")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.bare.service_url");
  }

  @Test
  void tokenIsFetchedOnceWithTheClientCredentialsAndReused() {
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "one"));
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "two"));

    waiting("posts").until(() -> teams.accepted().size() == 2);
    assertThat(teams.tokenRequests).singleElement().satisfies(form -> {
      assertThat(form.get("grant_type")).containsExactly("client_credentials");
      assertThat(form.get("client_id")).containsExactly(FakeTeams.APP_ID);
      assertThat(form.get("client_secret")).containsExactly(FakeTeams.APP_PASSWORD);
      assertThat(form.get("scope")).containsExactly("https://api.botframework.com/.default");
    });
    assertThat(teams.accepted().get(0).authorization()).isEqualTo(teams.accepted().get(1).authorization());
  }

  @Test
  void revokedTokenIsRenewedAndTheMessageSent() {
    teams.revokeTokens();
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "after renewal"));

    waiting("post").until(() -> teams.accepted().size() == 1);
    assertThat(teams.tokenRequests).hasSize(2);
    assertThat(teams.connectorPosts).hasSize(2);
    assertThat(teams.posted()).extracting(Posted::text).containsExactly("after renewal");
  }

  @Test
  void textLongerThanTheLimitIsSplitInOrder() {
    String text = "a".repeat(TeamsAdapter.MAX_MESSAGE_LENGTH) + "b".repeat(TeamsAdapter.MAX_MESSAGE_LENGTH) + "c".repeat(10);
    adapter.send(OutgoingMessage.text(CHANNEL, "7", text));

    waiting("three posts").until(() -> teams.accepted().size() == 3);
    List<String> parts = teams.posted().stream().map(Posted::text).toList();
    assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(TeamsAdapter.MAX_MESSAGE_LENGTH));
    assertThat(String.join("", parts)).isEqualTo(text);
    assertThat(teams.posted()).allSatisfy(p -> assertThat(p.thread()).isEqualTo("7"));
  }

  @Test
  void throttledMessageIsSentAfterRetryAfterAndBeforeTheNext() {
    teams.throttleNext(1, "1");
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "first"));
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "second"));

    waiting("retried").until(() -> teams.accepted().size() == 2);
    assertThat(teams.connectorPosts).extracting(p -> p.body().path("text").asText())
        .containsExactly("first", "first", "second");
    assertThat(teams.posted()).extracting(Posted::text).containsExactly("first", "second");
  }

  @Test
  void failingConnectorEndsTheSessionAndTheMessageGoesOutAfterReconnectingOnceOnly() {
    ObjectNode earlier = teams.messageActivity(teams.nextActivityId(), "alice", CHANNEL, "1", "restart web");
    assertThat(teams.deliver(earlier)).isEqualTo(200);
    waiting("message").until(() -> rig.received().size() == 1);
    teams.failNext(1);
    adapter.send(OutgoingMessage.text(CHANNEL, "1", "restarted"));

    waiting("posted again").until(() -> teams.accepted().size() == 1);
    assertThat(teams.connectorPosts).extracting(p -> p.body().path("text").asText()).containsExactly("restarted", "restarted");
    waiting("listening again").until(() -> adapter.health().state() == State.CONNECTED);
    assertThat(teams.deliver(earlier)).isEqualTo(200); // the Bot Framework retries its delivery
    teams.userSays("alice", CHANNEL, "1", "status");
    waiting("next message").until(() -> rig.received().size() >= 2);
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("restart web", "status");
  }

  @Test
  void failedTokenRenewalEndsTheSessionAndTheLoopReconnects() {
    teams.revokeTokens();
    teams.refuseTokensNext(1);
    adapter.send(OutgoingMessage.text(GROUP_CHAT, null, "eventually"));

    waiting("post").until(() -> teams.accepted().size() == 1);
    assertThat(teams.tokenRequests).hasSize(3); // refused, then the reconnect's
    assertThat(adapter.health().state()).isEqualTo(State.CONNECTED);
  }

  @Test
  void wrongClientSecretIsReportedInHealth() {
    TeamsAdapter wrong = rig.closeLater(new TeamsAdapter("bad", TeamsSettings.fromConfig("bad",
        config(Map.of("app_password", "nope", "listen_port", 0)))));
    wrong.start(m -> { });

    waiting("refused").until(() -> wrong.health().state() == State.DISCONNECTED
        && wrong.health().detail().contains("401"));
    assertThat(wrong.health().detail()).contains("AADSTS7000215").doesNotContain("nope");
    assertThat(wrong.port()).isEqualTo(-1);
  }

  @Test
  void portAlreadyInUseIsReportedInHealth() {
    TeamsAdapter second = rig.closeLater(new TeamsAdapter("second", TeamsSettings.fromConfig("second", config(Map.of()))));
    second.start(m -> { });

    waiting("bind refused").until(() -> second.health().state() == State.DISCONNECTED
        && second.health().detail().contains("cannot listen on 127.0.0.1:" + adapter.port()));
  }

  @Test
  void fakeCanBeToldAnotherEndpoint() {
    Map<String, Object> second = config(Map.of("listen_port", 0));
    TeamsAdapter other = rig.connected(new TeamsAdapter("other", TeamsSettings.fromConfig("other", second)));
    teams.deliverTo(URI.create("http://127.0.0.1:" + other.port() + TeamsAdapter.PATH));

    teams.userSays("alice", PERSONAL, null, "to the other one");
    waiting("message").until(() -> rig.received().size() == 1);
    assertThat(rig.received().getFirst().adapter()).isEqualTo("other");
  }

  @Test
  void aFailedResultStartsWithABoldMarkAndAPostedActivityIsUpdatedInPlace() {
    adapter.send(new OutgoingMessage(GROUP_CHAT, null, "Action x failed.", Map.of(), OutgoingMessage.Kind.FAILURE));
    waiting("the failure").until(() -> teams.posted().size() == 1);
    assertThat(teams.posted().getLast().text()).isEqualTo("**❌ Failed**\n\nAction x failed.");

    PostedMessage posted = adapter.post(new OutgoingMessage(GROUP_CHAT, null, "⏳ running", Map.of(),
        OutgoingMessage.Kind.PROGRESS)).orElseThrow();
    adapter.edit(posted, new OutgoingMessage(GROUP_CHAT, null, "✅ done", Map.of(), OutgoingMessage.Kind.PROGRESS));

    assertThat(teams.edited()).singleElement().satisfies(e -> {
      assertThat(e.original().text()).isEqualTo("⏳ running");
      assertThat(e.text()).isEqualTo("✅ done");
    });
    assertThat(teams.connectorPosts.getLast().rawPath()).endsWith("/activities/" + posted.id());
  }
}
