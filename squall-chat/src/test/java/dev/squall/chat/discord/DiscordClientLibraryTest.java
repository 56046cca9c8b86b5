package dev.squall.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.NodeBot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * discord.js runs a bot against {@link FakeDiscord}: its REST client is pointed at the fake by the
 * {@code rest.api} option, and its Gateway goes wherever the fake's {@code GET /gateway/bot} says.
 * What it accepts and sends is the witness that the fake answers as Discord does.
 *
 * <p>What it found in the fake (fixed there; the adapter shared none of it, since it reads only
 * MESSAGE_CREATE, whose channel it takes from {@code channel_id} without a cache of channels):
 * <ul>
 *   <li>READY listed the guild as unavailable, and no GUILD_CREATE followed: discord.js waits
 *       15 s for it before it is ready, and then drops every message of a channel it was never told
 *       of (no channel object, so no {@code messageCreate}). Discord follows READY with a
 *       GUILD_CREATE per guild, with its channels, roles and the bot's member;
 *   <li>a guild message had no {@code member} (the author's guild member), which Discord sends
 *       with every message in a guild.
 * </ul>
 */
class DiscordClientLibraryTest {

  private static final String ALICE = "1500000000000000001";
  private static final String BOB = "1500000000000000002";

  @Test
  void discordJsConnectsReceivesRepliesRetriesAndResumesWithoutComplaint() throws Exception {
    try (FakeDiscord discord = new FakeDiscord();
        NodeBot bot = NodeBot.start("discord-bot.js", "discord.js", Map.of("DISCORD_API",
            discord.apiUrl().replace("/v10", ""), "DISCORD_TOKEN", FakeDiscord.TOKEN, "LONG_LENGTH", "2000"))) {
      JsonNode connected = bot.next("connected");
      assertThat(connected.path("id").asText()).isEqualTo(FakeDiscord.BOT_ID);
      assertThat(connected.path("bot").asBoolean()).isTrue();
      assertThat(connected.path("available").asBoolean()).isTrue();
      assertThat(connected.path("channels").toString()).isEqualTo("[\"general\"]");

      assertThat(discord.connections).containsExactly("gateway?v=10&encoding=json");
      assertThat(discord.gatewayOps(2).getFirst().path("d").path("intents").asInt())
          .isEqualTo(DiscordAdapter.INTENTS); // as the adapter's: GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT

      discord.rateLimitNext(1, 0.3); // the reply to come is refused once with 429
      String root = discord.userSays(ALICE, FakeDiscord.CHANNEL_ID, null, "hello bot");
      JsonNode message = bot.next("message");
      assertThat(message.path("id").asText()).isEqualTo(root);
      assertThat(message.path("user").asText()).isEqualTo(ALICE);
      assertThat(message.path("channel").asText()).isEqualTo(FakeDiscord.CHANNEL_ID);
      assertThat(message.path("channel_name").asText()).isEqualTo("general");
      assertThat(message.path("guild").asText()).isEqualTo(FakeDiscord.GUILD_ID);
      assertThat(message.path("member").asText()).isEqualTo(ALICE);
      assertThat(message.path("thread").isNull()).isTrue();
      assertThat(message.path("text").asText()).isEqualTo("hello bot");
      JsonNode limited = bot.next("rate_limited");
      assertThat(limited.path("method").asText()).isEqualToIgnoringCase("post");
      assertThat(limited.path("global").asBoolean()).isFalse();
      JsonNode reply = bot.next("replied");
      assertThat(reply.path("thread").asText()).isEqualTo(root);
      assertThat(reply.path("author").asText()).isEqualTo(FakeDiscord.BOT_ID);
      assertThat(bot.next("posted_long").path("length").asInt()).isEqualTo(2000);
      JsonNode tooLong = bot.next("too_long");
      assertThat(tooLong.path("status").asInt()).isEqualTo(400);
      assertThat(tooLong.path("code").asInt()).isEqualTo(50035);
      assertThat(tooLong.path("message").asText())
          .contains("content[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.");

      discord.drop(); // the socket goes without a close frame: the library resumes at resume_gateway_url
      assertThat(bot.next("resumed").path("shard").asInt()).isZero();
      assertThat(discord.connections).hasSize(2);
      assertThat(discord.connections.get(1)).isEqualTo("resume?v=10&encoding=json");
      assertThat(discord.gatewayOps(6).getFirst().path("d").path("seq").asLong()).isEqualTo(5);
      discord.userSays(BOB, FakeDiscord.CHANNEL_ID, root, "still there?");
      JsonNode threaded = bot.next("message");
      assertThat(threaded.path("thread").asText()).isEqualTo(root);
      assertThat(threaded.path("user").asText()).isEqualTo(BOB);
      assertThat(bot.next("replied").path("thread").asText()).isEqualTo(root);
      bot.next("done");

      assertThat(bot.exitCode()).as("%s", bot.seen()).isZero();
      assertThat(bot.complaints()).as("warnings and errors the library logged").isEmpty();
      assertThat(discord.posted()).containsExactly(new Posted(FakeDiscord.CHANNEL_ID, root, "hello <@" + ALICE + ">"),
          new Posted(FakeDiscord.CHANNEL_ID, null, "x".repeat(2000)),
          new Posted(FakeDiscord.CHANNEL_ID, root, "hello <@" + BOB + ">"));
    }
  }
}
