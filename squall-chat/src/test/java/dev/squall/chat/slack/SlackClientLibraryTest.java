package dev.squall.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.NodeBot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slack's own libraries ({@code @slack/socket-mode}, {@code @slack/web-api}) run a bot against
 * {@link FakeSlack}: what they accept and send is the witness that the fake answers as Slack does.
 *
 * <p>What they found in the fake (fixed there; the adapter did not share any of it, since it sends
 * JSON with a bearer token and reads users.info by GET, both of which Slack accepts):
 * <ul>
 *   <li>the Web API read only JSON bodies: the WebClient posts URL-encoded forms (objects such as
 *       {@code attachments} as JSON text), which the fake answered with HTTP 500 and the client
 *       retried for minutes;
 *   <li>{@code users.info} was served by GET only: the WebClient POSTs every method;
 *   <li>a {@code token} argument in place of the bearer header was refused;
 *   <li>{@code chat.postMessage} answered without the {@code message} Slack returns (its
 *       {@code bot_id}, {@code ts}, {@code thread_ts}).
 * </ul>
 */
class SlackClientLibraryTest {

  @Test
  void officialLibrariesConnectReceiveReplyRetryAndReconnectWithoutComplaint() throws Exception {
    try (FakeSlack slack = new FakeSlack();
        NodeBot bot = NodeBot.start("slack-bot.js", "@slack/socket-mode", Map.of("SLACK_API_URL", slack.apiUrl(),
            "SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN, "SLACK_APP_TOKEN", FakeSlack.APP_TOKEN, "LONG_LENGTH", "5000"))) {
      JsonNode auth = bot.next("auth");
      assertThat(auth.path("user_id").asText()).isEqualTo(FakeSlack.BOT);
      assertThat(auth.path("team_id").asText()).isEqualTo("T0TEAM");
      bot.next("connected");

      slack.rateLimitNext.set(1); // the reply to come is refused once with 429 and Retry-After: 1
      String root = slack.userSays("U0ALICE", "C0OPS", null, "hello bot");
      JsonNode message = bot.next("message");
      assertThat(message.path("user").asText()).isEqualTo("U0ALICE");
      assertThat(message.path("channel").asText()).isEqualTo("C0OPS");
      assertThat(message.path("ts").asText()).isEqualTo(root);
      assertThat(message.path("thread_ts").isNull()).isTrue();
      assertThat(message.path("text").asText()).isEqualTo("hello bot");
      assertThat(message.path("team").asText()).isEqualTo("T0TEAM");
      assertThat(bot.next("user").path("name").asText()).isEqualTo("alice");
      JsonNode limited = bot.next("rate_limited");
      assertThat(limited.path("retryAfter").asInt()).isEqualTo(1);
      assertThat(limited.path("method").asText()).isEqualTo("chat.postMessage");
      JsonNode reply = bot.next("replied");
      assertThat(reply.path("thread_ts").asText()).isEqualTo(root);
      assertThat(reply.path("bot_id").asText()).isEqualTo("B0BOT");
      assertThat(bot.next("posted_long").path("length").asInt()).isEqualTo(5000);
      assertThat(slack.acks).contains(message.path("envelope_id").asText());

      slack.drop(); // the socket goes without warning: the library opens a new one
      assertThat(bot.next("connected").path("n").asInt()).isEqualTo(2);
      slack.disconnect(); // Slack's refresh warning: the library closes and opens a new one
      assertThat(bot.next("connected").path("n").asInt()).isEqualTo(3);
      slack.userSays("U0BOB", "C0OPS", root, "still there?");
      JsonNode threaded = bot.next("message");
      assertThat(threaded.path("thread_ts").asText()).isEqualTo(root);
      assertThat(threaded.path("user").asText()).isEqualTo("U0BOB");
      assertThat(bot.next("replied").path("thread_ts").asText()).isEqualTo(root);
      bot.next("done");

      assertThat(bot.exitCode()).as("%s", bot.seen()).isZero();
      // The WebClient retries a 429 by failing the attempt, which it logs as a warning of its own;
      // nothing else may be logged: no payload it could not parse, no request it did not expect.
      assertThat(bot.complaints()).as("warnings and errors the libraries logged")
          .singleElement().satisfies(w -> assertThat(w.path("msg").asText())
              .isEqualTo("http request failed A rate limit was exceeded (url: " + slack.apiUrl()
                  + "chat.postMessage, retry-after: 1)"));
      assertThat(slack.connections.get()).isEqualTo(3);
      assertThat(slack.posted()).containsExactly(new Posted("C0OPS", root, "hello <@U0ALICE>"),
          new Posted("C0OPS", null, "x".repeat(5000)), new Posted("C0OPS", root, "hello <@U0BOB>"));
    }
  }
}
