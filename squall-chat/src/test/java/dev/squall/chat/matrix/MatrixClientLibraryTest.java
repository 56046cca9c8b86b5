package dev.squall.chat.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.NodeBot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * matrix-js-sdk runs a bot against {@link FakeMatrix} ({@code createClient({baseUrl, accessToken,
 * userId})}, {@code startClient}): what it asks for, accepts and sends is the witness that the fake
 * answers as a homeserver does.
 *
 * <p>What it found in the fake (fixed there; the adapter shared none of it: it asks for none of
 * these endpoints, and reads an error's status before its body):
 * <ul>
 *   <li>{@code GET /_matrix/client/versions}, {@code /v3/capabilities} and {@code /v3/pushrules/}
 *       were not served: the SDK asks for all three before its first sync, logs an error for each
 *       404 and, without push rules, never gets to sync at all;
 *   <li>the push rules must be the spec's server defaults, all of them: the SDK logs a warning for
 *       each predefined rule missing from the server's answer;
 *   <li>{@code POST /v3/user/{userId}/filter} (and {@code GET} of a filter) were not served: the SDK
 *       uploads its filter and syncs with the id it is given;
 *   <li>an unknown endpoint was answered with Jetty's plain-text 404: a homeserver answers
 *       {@code 404 M_UNRECOGNIZED} as JSON, which clients parse to decide whether to go on;
 *   <li>a room the bot had just joined came in its sync without any state, so the SDK knew nothing
 *       of it ("Empty room"): a homeserver sends the room's state with the first sync that shows it
 *       (its creation, the bot's membership, its canonical alias).
 * </ul>
 */
class MatrixClientLibraryTest {

  private static final String ROOM = "!ops:localhost";

  @Test
  void matrixJsSdkSyncsReceivesRepliesInThreadRetriesAndReconnectsWithoutComplaint() throws Exception {
    try (FakeMatrix matrix = new FakeMatrix();
        NodeBot bot = NodeBot.start("matrix-bot.mjs", "matrix-js-sdk", Map.of("MATRIX_URL", matrix.url(),
            "MATRIX_TOKEN", FakeMatrix.TOKEN, "MATRIX_USER", FakeMatrix.BOT, "MATRIX_ROOM", "#ops:localhost",
            "LONG_LENGTH", "30000"))) {
      assertThat(bot.next("sync").path("state").asText()).isEqualTo("PREPARED");
      assertThat(bot.next("joined").path("room").asText()).isEqualTo(ROOM);
      assertThat(matrix.joined()).containsExactly(ROOM);

      matrix.rateLimitNextSends(1, 300); // the reply to come is refused once with 429 M_LIMIT_EXCEEDED
      String root = matrix.userSays("alice", ROOM, null, "hello bot");
      JsonNode message = bot.next("message");
      assertThat(message.path("id").asText()).isEqualTo(root);
      assertThat(message.path("user").asText()).isEqualTo("@alice:localhost");
      assertThat(message.path("room").asText()).isEqualTo(ROOM);
      assertThat(message.path("room_name").asText()).isEqualTo("#ops:localhost"); // from the state sent on joining
      assertThat(message.path("thread").isNull()).isTrue();
      assertThat(message.path("text").asText()).isEqualTo("hello bot");
      JsonNode reply = bot.next("replied");
      assertThat(reply.path("thread").asText()).isEqualTo(root);
      assertThat(bot.next("posted_long").path("length").asInt()).isEqualTo(30000);
      // The SDK's scheduler sent the refused reply again, under the same transaction id.
      assertThat(matrix.sends()).hasSize(3);
      assertThat(matrix.sends().get(0).path()).isEqualTo(matrix.sends().get(1).path());

      matrix.failSyncs(1); // the long-poll in flight is answered 502, as by a proxy whose homeserver restarts
      JsonNode state;
      do { // the SDK went from PREPARED to SYNCING when it started; now it loses the sync
        state = bot.next("sync");
      } while (state.path("state").asText().equals("SYNCING"));
      assertThat(state.path("state").asText()).isEqualTo("RECONNECTING");
      assertThat(state.path("error").asText()).isEqualTo("Server returned 502 error");
      matrix.userSays("bob", ROOM, root, "still there?");
      JsonNode threaded = bot.next("message");
      assertThat(threaded.path("thread").asText()).isEqualTo(root);
      assertThat(threaded.path("user").asText()).isEqualTo("@bob:localhost");
      assertThat(bot.next("replied").path("thread").asText()).isEqualTo(root);
      bot.next("done");

      assertThat(bot.exitCode()).as("%s", bot.seen()).isZero();
      assertThat(bot.seen()).anySatisfy(line -> assertThat(line.path("state").asText()).isEqualTo("SYNCING"));
      // Two kinds of error are the SDK's own. It logs the failed sync. And its MatrixRTC session
      // manager logs one error for each state event of a room it sees for the first time, since the
      // SDK applies a new room's state before it stores the room, whatever the server: here the
      // creation, the bot's membership and the alias that come with the room just joined. Nothing
      // else may be logged: no endpoint it missed, no push rule it lacked, no event it could not read.
      String unknownRoom = "[MatrixRTCSessionManager] Got room state event for unknown room " + ROOM + "!";
      assertThat(bot.complaints()).as("warnings and errors the SDK logged").map(e -> e.path("msg").asText())
          .satisfiesExactly(e -> assertThat(e).isEqualTo(unknownRoom), e -> assertThat(e).isEqualTo(unknownRoom),
              e -> assertThat(e).isEqualTo(unknownRoom),
              e -> assertThat(e).startsWith("/sync error %s Error: Server returned 502 error"));
      assertThat(matrix.posted()).containsExactly(new Posted(ROOM, root, "hello @alice:localhost"),
          new Posted(ROOM, null, "z".repeat(30000)), new Posted(ROOM, root, "hello @bob:localhost"));
      // The SDK's thread relation, which the fake (and the adapter) read as the thread.
      JsonNode relation = matrix.accepted().getFirst().content().path("m.relates_to");
      assertThat(relation.path("rel_type").asText()).isEqualTo("m.thread");
      assertThat(relation.path("is_falling_back").asBoolean()).isTrue();
    }
  }
}
