package dev.squall.chat.discord;

import dev.squall.chat.PostedMessage;
import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.discord.FakeDiscord.Author;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscordAdapterTest {

  private static final Author ALICE = new Author("1400000000000000001", "alice", "Alice Liddell", false);
  private static final Author BOB = new Author("1400000000000000002", "bob", null, false);
  private static final String OPS = "1500000000000000001";
  private static final String DM = "1500000000000000099";

  private final AdapterTestRig rig = new AdapterTestRig();
  private final FakeDiscord discord = rig.closeLater(new FakeDiscord());
  private final DiscordAdapter adapter = rig.connected(new DiscordAdapter("discord",
      DiscordSettings.fromConfig("discord", discord.adapterConfig().entrySet().stream()
          .filter(e -> !e.getKey().equals("type"))
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void identifiesWithTheBotTokenAndTheMessageIntents() {
    FakeDiscord.Request gatewayBot = discord.requests.getFirst();
    assertThat(gatewayBot.path()).isEqualTo("/api/v10/gateway/bot");
    assertThat(gatewayBot.authorization()).isEqualTo("Bot " + FakeDiscord.TOKEN);
    assertThat(discord.connections.getFirst()).isEqualTo("gateway?v=10&encoding=json");

    JsonNode identify = discord.gatewayOps(2).getFirst().path("d");
    assertThat(identify.path("token").asText()).isEqualTo(FakeDiscord.TOKEN);
    int intents = identify.path("intents").asInt();
    assertThat(intents & 1).as("GUILDS").isNotZero();
    assertThat(intents & (1 << 9)).as("GUILD_MESSAGES").isNotZero();
    assertThat(intents & (1 << 12)).as("DIRECT_MESSAGES").isNotZero();
    assertThat(intents & (1 << 15)).as("MESSAGE_CONTENT").isNotZero();
    assertThat(identify.path("properties").fieldNames()).toIterable().contains("os", "browser", "device");
    assertThat(adapter.health().detail()).contains("squall");
  }

  @Test
  void heartbeatsCarryTheLastSequenceNumber() {
    discord.say(ALICE, OPS, FakeDiscord.GUILD_ID, null, "hello");
    waiting("message").until(() -> rig.received().size() == 1);
    long seq = discord.lastSequence();

    waiting("a heartbeat after the message").until(() -> discord.gatewayOps(1).stream()
        .anyMatch(h -> h.path("d").asLong() >= seq));
  }

  @Test
  void replyMentioningTheBotArrivesWithUserRoomThreadAndWithoutTheMention() {
    String root = discord.say(BOB, OPS, FakeDiscord.GUILD_ID, null, "deploy failed");
    discord.say(ALICE, OPS, FakeDiscord.GUILD_ID, root, "<@" + FakeDiscord.BOT_ID + "> st2 history  ");

    waiting("messages").until(() -> rig.received().size() == 2);
    IncomingMessage in = rig.received().getLast();
    assertThat(in.adapter()).isEqualTo("discord");
    assertThat(in.userId()).isEqualTo(ALICE.id());
    assertThat(in.userName()).isEqualTo("Alice Liddell");
    assertThat(in.room()).isEqualTo(OPS);
    assertThat(in.thread()).isEqualTo(root);
    assertThat(in.direct()).isFalse();
    assertThat(in.mentioned()).isTrue();
    assertThat(in.text()).isEqualTo("st2 history");
    IncomingMessage first = rig.received().getFirst();
    assertThat(first.userName()).isEqualTo("bob"); // no global_name: the username
    assertThat(first.thread()).isNull();
    assertThat(first.mentioned()).isFalse();
  }

  @Test
  void directMessageIsDirectWhileOwnAndOtherBotsMessagesAreIgnored() {
    discord.say(new Author(FakeDiscord.BOT_ID, "squall", null, true), OPS, FakeDiscord.GUILD_ID, null, "my reply");
    discord.say(new Author("1600000000000000001", "otherbot", null, true), OPS, FakeDiscord.GUILD_ID, null,
        "<@!" + FakeDiscord.BOT_ID + "> ping");
    discord.say(ALICE, DM, null, null, "<@!" + FakeDiscord.BOT_ID + "> help");

    waiting("dm").until(() -> !rig.received().isEmpty());
    assertThat(rig.received()).hasSize(1);
    IncomingMessage dm = rig.received().getFirst();
    assertThat(dm.room()).isEqualTo(DM);
    assertThat(dm.direct()).isTrue();
    assertThat(dm.mentioned()).isTrue();
    assertThat(dm.text()).isEqualTo("help");
  }

  @Test
  void sendRepliesToTheThreadWithEmbedsAndWithoutPings() {
    List<Map<String, Object>> embeds = List.of(Map.of("title", "core.local", "color", 0x00ff00,
        "description", "succeeded"));
    adapter.send(new OutgoingMessage(OPS, "1300000000000000007", "@everyone done",
        Map.of("discord", Map.of("embeds", embeds), "slack", Map.of("blocks", List.of()))));

    waiting("post").until(() -> discord.posted().size() == 1);
    FakeDiscord.Request post = discord.posts().getFirst();
    assertThat(post.path()).isEqualTo("/api/v10/channels/" + OPS + "/messages");
    assertThat(post.authorization()).isEqualTo("Bot " + FakeDiscord.TOKEN);
    JsonNode body = post.body();
    assertThat(body.path("content").asText()).isEqualTo("@everyone done");
    assertThat(body.path("message_reference").path("message_id").asText()).isEqualTo("1300000000000000007");
    assertThat(body.path("message_reference").path("fail_if_not_exists").asBoolean(true)).isFalse();
    assertThat(body.path("allowed_mentions").path("parse").isArray()).isTrue();
    assertThat(body.path("allowed_mentions").path("parse")).isEmpty();
    assertThat(body.path("embeds").get(0).path("title").asText()).isEqualTo("core.local");
    assertThat(body.has("blocks")).isFalse();
    assertThat(discord.posted()).containsExactly(new Posted(OPS, "1300000000000000007", "@everyone done"));
  }

  @Test
  void topLevelSendHasNoReferenceOrEmbeds() {
    adapter.send(OutgoingMessage.text(DM, null, "hi"));

    waiting("post").until(() -> discord.posts().size() == 1);
    JsonNode body = discord.posts().getFirst().body();
    assertThat(body.has("message_reference")).isFalse();
    assertThat(body.has("embeds")).isFalse();
  }

  @Test
  void textLongerThanTwoThousandCharactersIsSplitInOrderWithEmbedsOnTheFirstOnly() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 4_500; i++) {
      text.append((char) ('a' + i % 26));
    }
    adapter.send(new OutgoingMessage(OPS, "1300000000000000007", text.toString(),
        Map.of("discord", Map.of("embeds", List.of(Map.of("title", "t"))))));

    waiting("three posts").until(() -> discord.posted().size() == 3);
    List<String> parts = discord.posted().stream().map(Posted::text).toList();
    assertThat(parts).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(2000));
    assertThat(String.join("", parts)).isEqualTo(text.toString());
    assertThat(discord.posted()).extracting(Posted::thread).containsOnly("1300000000000000007");
    assertThat(discord.posts()).extracting(p -> p.body().has("embeds")).containsExactly(true, false, false);
  }

  @Test
  void droppedConnectionIsResumedAndNoMessageIsHandedOnTwice() {
    discord.say(ALICE, OPS, FakeDiscord.GUILD_ID, null, "one");
    waiting("first").until(() -> rig.received().size() == 1);
    String session = discord.sessionId();
    long seenSeq = discord.lastSequence();

    discord.replayOverlap(1); // on resume Discord replays "one" as well
    discord.drop();
    discord.say(ALICE, OPS, FakeDiscord.GUILD_ID, null, "two"); // while the bot is away
    waiting("resumed").until(() -> !discord.gatewayOps(6).isEmpty() && adapter.health().state() == State.CONNECTED);

    JsonNode resume = discord.gatewayOps(6).getFirst().path("d");
    assertThat(resume.path("token").asText()).isEqualTo(FakeDiscord.TOKEN);
    assertThat(resume.path("session_id").asText()).isEqualTo(session);
    assertThat(resume.path("seq").asLong()).isEqualTo(seenSeq);
    assertThat(discord.connections.get(1)).isEqualTo("resume?v=10&encoding=json");
    assertThat(discord.gatewayOps(2)).hasSize(1); // no second IDENTIFY

    discord.say(ALICE, OPS, FakeDiscord.GUILD_ID, null, "three");
    waiting("third").until(() -> rig.received().stream().anyMatch(m -> m.text().equals("three")));
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("one", "two", "three");
  }

  @Test
  void reconnectOpcodeLeadsToAResumeAndQueuedRepliesStillGoOut() {
    discord.askToReconnect();
    waiting("resumed").until(() -> !discord.gatewayOps(6).isEmpty() && adapter.health().state() == State.CONNECTED);
    assertThat(discord.gatewayOps(6).getFirst().path("d").path("session_id").asText()).isEqualTo(discord.sessionId());

    adapter.send(OutgoingMessage.text(OPS, null, "still here"));
    waiting("post").until(() -> discord.posted().size() == 1);
  }

  @Test
  void invalidSessionLeadsToAFreshIdentify() {
    String first = discord.sessionId();
    discord.invalidateSession();

    waiting("identified again").until(() -> discord.gatewayOps(2).size() == 2
        && adapter.health().state() == State.CONNECTED);
    assertThat(discord.gatewayOps(6)).isEmpty();
    assertThat(discord.sessionId()).isNotEqualTo(first);
    assertThat(discord.connections).last().isEqualTo("gateway?v=10&encoding=json");
    assertThat(discord.requests.stream().filter(r -> r.path().endsWith("/gateway/bot"))).hasSize(2);

    discord.say(ALICE, OPS, FakeDiscord.GUILD_ID, null, "after");
    waiting("message").until(() -> rig.received().size() == 1);
  }

  @Test
  void resumeHostThatKeepsFailingLeadsToAFreshSession() {
    discord.refuseResumes(true);
    int before = discord.connections.size();
    discord.drop();

    waiting("identified again").until(() -> discord.gatewayOps(2).size() == 2
        && adapter.health().state() == State.CONNECTED);
    List<String> after = discord.connections.subList(before, discord.connections.size());
    assertThat(after).containsExactly("resume?v=10&encoding=json", "resume?v=10&encoding=json",
        "resume?v=10&encoding=json", "gateway?v=10&encoding=json");
    assertThat(discord.connections).last().isEqualTo("gateway?v=10&encoding=json");
  }

  @Test
  void unacknowledgedHeartbeatClosesTheZombieConnectionAndResumes() {
    discord.ackHeartbeats(false);

    waiting("resumed").until(() -> !discord.gatewayOps(6).isEmpty());
    discord.ackHeartbeats(true);
    waiting("connected").until(() -> adapter.health().state() == State.CONNECTED);
    assertThat(discord.gatewayOps(6).getFirst().path("d").path("session_id").asText()).isEqualTo(discord.sessionId());
  }

  @Test
  void rateLimitedPostIsSentAfterRetryAfter() {
    discord.rateLimitNext(1, 0.3);
    adapter.send(OutgoingMessage.text(OPS, null, "first"));
    adapter.send(OutgoingMessage.text(OPS, null, "second"));

    waiting("both posted").until(() -> discord.posted().size() == 2);
    assertThat(discord.posts()).extracting(p -> p.body().path("content").asText())
        .containsExactly("first", "first", "second");
    assertThat(discord.posted()).extracting(Posted::text).containsExactly("first", "second");
    assertThat(rig.rateLimitWaits()).as("the wait is reported for the metrics")
        .containsExactly(java.time.Duration.ofMillis(300));
  }

  @Test
  void emptiedBucketIsWaitedOutBeforeTheNextPost() {
    discord.bucket(1, 0.3);
    adapter.send(OutgoingMessage.text(OPS, null, "a"));
    adapter.send(OutgoingMessage.text(OPS, null, "b"));
    adapter.send(OutgoingMessage.text(OPS, null, "c"));

    waiting("all posted").until(() -> discord.posted().size() == 3);
    assertThat(discord.bucketViolations).hasValue(0);
    assertThat(discord.posts()).hasSize(3);
    assertThat(rig.rateLimitWaits()).as("each wait for the bucket is reported").isNotEmpty();
  }

  @Test
  void wrongTokenIsReportedInHealth() {
    DiscordAdapter wrong = rig.closeLater(new DiscordAdapter("bad", DiscordSettings.fromConfig("bad",
        Map.of("token", "nope", "api_url", discord.apiUrl(), "reconnect_min_ms", 60_000))));
    wrong.start(m -> { });

    waiting("refused").until(() -> wrong.health().state() == State.DISCONNECTED
        && wrong.health().detail().contains("HTTP 401 (401: Unauthorized)"));
  }

  @Test
  void disallowedMessageContentIntentIsExplainedInHealth() {
    discord.messageContentAllowed(false);
    DiscordAdapter refused = rig.closeLater(new DiscordAdapter("refused", DiscordSettings.fromConfig("refused",
        Map.of("token", FakeDiscord.TOKEN, "api_url", discord.apiUrl(), "reconnect_min_ms", 60_000))));
    refused.start(m -> { });

    waiting("closed with 4014").until(() -> refused.health().state() == State.DISCONNECTED
        && refused.health().detail().contains("WebSocket closed (4014 Disallowed intent(s).)")
        && refused.health().detail().contains("enable the Message Content intent"));
  }

  @Test
  void aFailedResultCarriesARedEmbedAndAPostedMessageIsPatchedInPlaceThroughTheRateLimit() throws Exception {
    adapter.send(new OutgoingMessage(OPS, null, "Action x failed.", Map.of(), OutgoingMessage.Kind.FAILURE));
    waiting("the failure").until(() -> discord.posted().size() == 1);
    JsonNode embed = discord.posts().getLast().body().path("embeds").path(0);
    assertThat(embed.path("color").asInt()).isEqualTo(DiscordAdapter.FAILURE_COLOR);
    assertThat(embed.path("title").asText()).contains("Failed");
    assertThat(discord.posted().getLast().text()).isEqualTo("Action x failed.");

    discord.rateLimitNext(1, 0.2);
    PostedMessage posted = adapter.post(new OutgoingMessage(OPS, null, "⏳ running", Map.of(),
        OutgoingMessage.Kind.PROGRESS)).orElseThrow();
    adapter.edit(posted, new OutgoingMessage(OPS, null, "✅ done", Map.of(), OutgoingMessage.Kind.PROGRESS));

    assertThat(adapter.edits()).isTrue();
    assertThat(discord.edited()).singleElement().satisfies(e -> {
      assertThat(e.original().text()).isEqualTo("⏳ running");
      assertThat(e.text()).isEqualTo("✅ done");
    });
    assertThat(discord.requests.stream().filter(r -> r.method().equals("PATCH")).toList()).singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/api/v10/channels/" + OPS + "/messages/" + posted.id()));
  }
}
