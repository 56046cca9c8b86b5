package dev.squall.chat.mattermost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.NodeBot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mattermost's own client ({@code @mattermost/client}) runs a bot against
 * {@link FakeMattermostServer}: what it accepts and sends is the witness that the fake answers as
 * a Mattermost server does.
 *
 * <p>What it found in the fake (fixed there; the adapter did not share any of it: it writes
 * {@code Bearer}, reads only status codes and headers, and does not drop a connection on a gap in
 * {@code seq}):
 * <ul>
 *   <li>the token was read only as {@code Bearer …}: the client writes {@code BEARER …}, and the
 *       server takes the scheme in any case ({@code Token} too, or an {@code access_token} query);
 *   <li>errors (401, 429, 503) went out as {@code text/plain}: the client reads a body as JSON only
 *       under exactly {@code application/json}, so it saw no {@code status_code} in a 429;
 *   <li>the client's WebSocket {@code ping} got no answer: it gives up on the socket after one
 *       missed {@code pong};
 *   <li>event {@code seq} was shared by all connections and skipped a number when the fake made up
 *       a post id: each connection counts its events from 0 without a gap, else the client drops it;
 *   <li>a new connection after a drop could get the previous one's {@code connection_id}, which the
 *       client takes for a resumed connection whose events go on from where they were.
 * </ul>
 */
class MattermostClientLibraryTest {

  private static final String CHANNEL = "town00000000000000000000ch";

  @Test
  void officialClientConnectsReceivesRepliesRetriesAndReconnectsWithoutComplaint() throws Exception {
    try (FakeMattermostServer server = new FakeMattermostServer();
        NodeBot bot = NodeBot.start("mattermost-bot.js", "@mattermost/client", Map.of("MM_URL", server.url(),
            "MM_TOKEN", FakeMattermostServer.TOKEN, "LONG_LENGTH", "10000"))) {
      JsonNode auth = bot.next("auth");
      assertThat(auth.path("id").asText()).isEqualTo(FakeMattermostServer.BOT_ID);
      assertThat(auth.path("is_bot").asBoolean()).isTrue();
      assertThat(bot.next("connected").path("seq").asInt()).isZero();

      server.rateLimitNext(1, Map.of("Retry-After", "1", "X-Ratelimit-Limit", "10", "X-Ratelimit-Remaining", "0",
          "X-Ratelimit-Reset", "1"));
      String root = server.userSays("alice", CHANNEL, null, "hello bot");
      JsonNode message = bot.next("message");
      assertThat(message.path("id").asText()).isEqualTo(root);
      assertThat(message.path("user_id").asText()).startsWith("alice");
      assertThat(message.path("channel_id").asText()).isEqualTo(CHANNEL);
      assertThat(message.path("root_id").asText()).isEmpty();
      assertThat(message.path("message").asText()).isEqualTo("hello bot");
      assertThat(message.path("sender_name").asText()).isEqualTo("@alice");
      JsonNode limited = bot.next("rate_limited");
      assertThat(limited.path("status_code").asInt()).isEqualTo(429);
      JsonNode reply = bot.next("replied");
      assertThat(reply.path("root_id").asText()).isEqualTo(root);
      assertThat(reply.path("user_id").asText()).isEqualTo(FakeMattermostServer.BOT_ID);
      assertThat(bot.next("posted_long").path("length").asInt()).isEqualTo(10000);

      server.dropSockets(); // the library reconnects, asking to resume, and gets a new connection
      assertThat(bot.next("reconnected")).isNotNull();
      bot.next("missed");
      JsonNode again = bot.next("connected");
      assertThat(again.path("n").asInt()).isEqualTo(2);
      assertThat(again.path("seq").asInt()).isZero();
      assertThat(server.connectQueries().get(1)).startsWith("connection_id=c0&sequence_number=");
      server.userSays("bob", CHANNEL, root, "still there?");
      JsonNode threaded = bot.next("message");
      assertThat(threaded.path("root_id").asText()).isEqualTo(root);
      assertThat(threaded.path("seq").asInt()).isEqualTo(1);
      assertThat(bot.next("replied").path("root_id").asText()).isEqualTo(root);
      bot.next("done");

      assertThat(bot.exitCode()).as("%s", bot.seen()).isZero();
      assertThat(bot.complaints()).as("warnings and errors the client logged").isEmpty();
      assertThat(server.posted()).containsExactly(new Posted(CHANNEL, root, "hello @alice"),
          new Posted(CHANNEL, null, "y".repeat(10000)), new Posted(CHANNEL, root, "hello @bob"));
      // The client's pings were answered, so it never gave up on a live socket.
      assertThat(server.connectQueries()).hasSize(2);
    }
  }
}
