package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.PostedMessage;
import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackAdapterTest {

  private final AdapterTestRig rig = new AdapterTestRig();
  private final FakeSlack slack = rig.closeLater(new FakeSlack());
  private final SlackAdapter adapter = rig.connected(new SlackAdapter("slack", SlackSettings.fromConfig("slack",
      Map.of("app_token", "xapp-1-A0APP-1-abc", "bot_token", "xoxb-123-456-def", "api_url", slack.apiUrl(),
          "reconnect_min_ms", 10, "reconnect_max_ms", 50))));

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  private static Map<String, Object> message(String user, String channel, String ts, String text) {
    Map<String, Object> m = new HashMap<>(Map.of("type", "message", "user", user, "channel", channel,
        "ts", ts, "text", text, "channel_type", "channel", "team", "T0TEAM"));
    return m;
  }

  @Test
  void threadedChannelMentionArrivesWithUserRoomThreadAndStrippedMention() {
    Map<String, Object> event = message("U0ALICE", "C0OPS", "1700000001.000100", "<@" + FakeSlack.BOT + "> pack list");
    event.put("thread_ts", "1700000000.000050");
    slack.event("env-1", event);

    waiting("message").until(() -> rig.received().size() == 1);
    IncomingMessage in = rig.received().getFirst();
    assertThat(in.adapter()).isEqualTo("slack");
    assertThat(in.userId()).isEqualTo("U0ALICE");
    assertThat(in.room()).isEqualTo("C0OPS");
    assertThat(in.thread()).isEqualTo("1700000000.000050");
    assertThat(in.direct()).isFalse();
    assertThat(in.mentioned()).isTrue();
    assertThat(in.text()).isEqualTo("pack list");
    assertThat(in.messageId()).isEqualTo("1700000001.000100");
    waiting("ack").until(() -> slack.acks.contains("env-1"));
  }

  @Test
  void senderNamesAreLookedUpOnceAndUnknownUsersKeepTheirId() {
    slack.event("env-1", message("U0ALICE", "C0OPS", "5.1", "one"));
    slack.event("env-2", message("U0ALICE", "C0OPS", "5.2", "two"));
    slack.event("env-3", message("U0GHOST", "C0OPS", "5.3", "three"));

    waiting("three messages").until(() -> rig.received().size() == 3);
    assertThat(rig.received()).extracting(IncomingMessage::userName).containsExactly("alice", "alice", "U0GHOST");
    assertThat(rig.received()).extracting(IncomingMessage::userId).containsExactly("U0ALICE", "U0ALICE", "U0GHOST");
    assertThat(slack.calls("users.info")).extracting(c -> c.body().path("user").asText())
        .containsExactly("U0ALICE", "U0GHOST");
    assertThat(slack.calls("users.info").getFirst().authorization()).isEqualTo("Bearer xoxb-123-456-def");
  }

  @Test
  void directMessageArrivesWhileOwnPostsEditsAndTheMentionEchoAreIgnored() {
    slack.event("env-1", message(FakeSlack.BOT, "C0OPS", "1.1", "my own reply"));
    Map<String, Object> edit = message("U0ALICE", "C0OPS", "1.2", "edited");
    edit.put("subtype", "message_changed");
    slack.event("env-2", edit);
    slack.event("env-3", message("U0ALICE", "C0OPS", "1.3", "hi <@" + FakeSlack.BOT + ">"));
    Map<String, Object> echo = message("U0ALICE", "C0OPS", "1.3", "hi <@" + FakeSlack.BOT + ">");
    echo.put("type", "app_mention");
    slack.event("env-4", echo);
    Map<String, Object> dm = message("U0BOB", "D0BOB", "1.4", "status");
    dm.put("channel_type", "im");
    slack.event("env-5", dm);

    waiting("dm").until(() -> rig.received().stream().anyMatch(m -> m.room().equals("D0BOB")));
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("hi", "status");
    IncomingMessage direct = rig.received().getLast();
    assertThat(direct.direct()).isTrue();
    assertThat(direct.mentioned()).isFalse();
    assertThat(direct.thread()).isNull();
    waiting("all acked").until(() -> slack.acks.containsAll(List.of("env-1", "env-2", "env-3", "env-4", "env-5")));
  }

  @Test
  void sendPostsTheMessageWithBotTokenThreadAndBlocks() {
    List<Map<String, Object>> blocks = List.of(Map.of("type", "section",
        "text", Map.of("type", "mrkdwn", "text", "*done*")));
    adapter.send(new OutgoingMessage("C0OPS", "1700000000.000050", "done",
        Map.of("slack", Map.of("blocks", blocks, "color", "#00ff00"))));

    waiting("post").until(() -> slack.calls("chat.postMessage").size() == 1);
    FakeSlack.Call post = slack.calls("chat.postMessage").getFirst();
    assertThat(post.authorization()).isEqualTo("Bearer xoxb-123-456-def");
    assertThat(post.body().path("channel").asText()).isEqualTo("C0OPS");
    assertThat(post.body().path("text").asText()).isEqualTo("done");
    assertThat(post.body().path("thread_ts").asText()).isEqualTo("1700000000.000050");
    assertThat(post.body().path("blocks").get(0).path("text").path("text").asText()).isEqualTo("*done*");
    assertThat(slack.calls("apps.connections.open").getFirst().authorization()).isEqualTo("Bearer xapp-1-A0APP-1-abc");
  }

  @Test
  void resultsAreColouredAttachmentsAsStackStormPostsThem() {
    adapter.send(new OutgoingMessage("C0OPS", null, "alice: all good", Map.of("slack", Map.of("author_name", "deploy")),
        OutgoingMessage.Kind.RESULT));
    adapter.send(new OutgoingMessage("C0OPS", null, "alice: status : failed", Map.of(), OutgoingMessage.Kind.FAILURE));
    adapter.send(new OutgoingMessage("C0OPS", null, "alice: mine", Map.of("color", "#00ff00"), OutgoingMessage.Kind.FAILURE));

    waiting("three posts").until(() -> slack.calls("chat.postMessage").size() == 3);
    List<com.fasterxml.jackson.databind.JsonNode> attachments = slack.calls("chat.postMessage").stream()
        .map(c -> c.body().path("attachments").get(0)).toList();
    assertThat(attachments).extracting(a -> a.path("color").asText()).containsExactly("dfdfdf", "danger", "#00ff00");
    assertThat(attachments.getFirst().path("text").asText()).isEqualTo("alice: all good");
    assertThat(attachments.getFirst().path("fallback").asText()).isEqualTo("alice: all good");
    assertThat(attachments.getFirst().path("author_name").asText()).isEqualTo("deploy");
    assertThat(attachments.getFirst().path("mrkdwn_in").toString()).isEqualTo("[\"text\",\"pretext\"]");
    assertThat(slack.calls("chat.postMessage").getFirst().body().has("text")).isFalse();
  }

  @Test
  void longTextIsSplitInOrder() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 9_000; i++) {
      text.append((char) ('a' + i % 26));
    }
    adapter.send(OutgoingMessage.text("C0OPS", null, text.toString()));

    waiting("three posts").until(() -> slack.calls("chat.postMessage").size() == 3);
    List<String> parts = slack.calls("chat.postMessage").stream().map(c -> c.body().path("text").asText()).toList();
    assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(3_900));
    assertThat(String.join("", parts)).isEqualTo(text.toString());
  }

  @Test
  void droppedSocketIsReconnectedWithoutAnsweringARetriedEnvelopeTwice() {
    slack.event("env-1", message("U0ALICE", "C0OPS", "2.1", "first"));
    waiting("first").until(() -> rig.received().size() == 1);

    slack.drop();
    waiting("reconnected").until(() -> slack.connections.get() == 2 && adapter.health().state()
        == dev.squall.chat.AdapterHealth.State.CONNECTED);
    slack.event("env-1", message("U0ALICE", "C0OPS", "2.1", "first")); // Slack's retry
    slack.event("env-2", message("U0ALICE", "C0OPS", "2.2", "second"));

    waiting("second").until(() -> rig.received().size() == 2);
    assertThat(rig.received()).extracting(IncomingMessage::text).containsExactly("first", "second");
  }

  @Test
  void disconnectEnvelopeLeadsToAFreshConnection() {
    slack.disconnect();
    waiting("reconnected").until(() -> slack.connections.get() == 2);
    slack.event("env-9", message("U0ALICE", "C0OPS", "3.1", "after refresh"));
    waiting("message").until(() -> rig.received().size() == 1);
    assertThat(slack.calls("apps.connections.open")).hasSize(2);
  }

  @Test
  void rateLimitedPostIsRetriedAfterRetryAfter() {
    slack.rateLimitNext.set(1);
    adapter.send(OutgoingMessage.text("C0OPS", null, "patience"));

    waiting("retried post").until(() -> slack.calls("chat.postMessage").size() == 2);
    assertThat(slack.calls("chat.postMessage")).extracting(c -> c.body().path("text").asText())
        .containsExactly("patience", "patience");
    assertThat(slack.rateLimitNext.get()).isZero();
  }

  @Test
  void aPostedMessageIsUpdatedInPlaceByChannelAndTs() {
    PostedMessage posted = adapter.post(new OutgoingMessage("C0OPS", null, "⏳ running", Map.of(),
        OutgoingMessage.Kind.PROGRESS)).orElseThrow();
    adapter.edit(posted, new OutgoingMessage("C0OPS", null, "✅ done", Map.of(), OutgoingMessage.Kind.PROGRESS));

    assertThat(slack.edited()).singleElement().satisfies(e -> {
      assertThat(e.original().text()).isEqualTo("⏳ running");
      assertThat(e.text()).isEqualTo("✅ done");
    });
    JsonNode update = slack.calls("chat.update").getFirst().body();
    assertThat(update.path("channel").asText()).isEqualTo("C0OPS");
    assertThat(update.path("ts").asText()).isEqualTo(posted.id());
    assertThat(slack.calls("chat.postMessage").getFirst().body().has("attachments"))
        .as("progress is plain text, not a result's attachment").isFalse();
  }
}
