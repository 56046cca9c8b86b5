package dev.squall.chat.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.NodeBot;
import dev.squall.chat.irc.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bot Framework SDK ({@code botbuilder}'s CloudAdapter, with {@code botframework-connector}
 * and MSAL underneath) runs a bot against {@link FakeTeams}: its authentication configuration
 * points at the fake (Entra ID's authority for the bot's token, over HTTPS as MSAL requires; the
 * OpenID metadata whose keys sign the channel's tokens), and its replies go to each activity's
 * {@code serviceUrl}, the fake's. Teams reaches a bot over HTTP only, so there is no socket to
 * drop: the reconnect of the other platforms is a 503 from the connector here, which the
 * connector client's pipeline retries.
 *
 * <p>What it found in the fake, and in the adapter where the same mistake was:
 * <ul>
 *   <li>the channel's token named the service URL in a {@code serviceUrl} claim: the Bot Framework
 *       spells it {@code serviceurl}, and the SDK refused every activity (no such claim, so not the
 *       activity's service URL). The adapter read {@code serviceUrl} too, and so would have refused
 *       every real activity: fixed in {@link InboundAuth};
 *   <li>the connector served only "send to conversation": the SDK answers in a turn with
 *       "reply to activity", {@code POST /v3/conversations/{id}/activities/{activityId}};
 *   <li>Entra ID's OpenID metadata ({@code /botframework.com/v2.0/.well-known/openid-configuration})
 *       was not served, nor the tenant-id token endpoint it names, and nothing was served over
 *       HTTPS: MSAL reads the metadata first, and takes only an HTTPS authority.
 * </ul>
 */
class TeamsClientLibraryTest {

  private static final String CHANNEL = "19:ops@thread.tacv2";

  @TempDir
  Path tls;

  @Test
  void botbuilderAuthenticatesReceivesRepliesAndRetriesWithoutComplaint() throws Exception {
    SelfSignedCertificate.writePem(tls, "localhost");
    try (FakeTeams teams = new FakeTeams(tls.resolve("selfsigned.p12"));
        NodeBot bot = NodeBot.start("teams-bot.js", "botbuilder", Map.of("TEAMS_APP_ID", FakeTeams.APP_ID,
            "TEAMS_APP_PASSWORD", FakeTeams.APP_PASSWORD, "TEAMS_LOGIN_URL", teams.loginUrl(),
            "TEAMS_METADATA_URL", teams.metadataUrl(), "NODE_EXTRA_CA_CERTS", tls.resolve("cert.pem").toString(),
            "LONG_LENGTH", "20000"))) {
      int port = bot.next("listening").path("port").asInt();
      teams.deliverTo(URI.create("http://127.0.0.1:" + port + TeamsAdapter.PATH));

      teams.throttleNext(1, "1"); // the reply to come is refused once with 429 and Retry-After: 1
      String root = teams.nextActivityId();
      assertThat(teams.deliver(teams.messageActivity(root, "alice", CHANNEL, root, "hello bot"))).isEqualTo(200);
      JsonNode message = bot.next("message");
      assertThat(message.path("id").asText()).isEqualTo(root);
      assertThat(message.path("user").asText()).isEqualTo("29:1alice-Xq3bV0kP");
      assertThat(message.path("aad").asText()).isEqualTo(FakeTeams.aadId("alice"));
      assertThat(message.path("conversation").asText()).isEqualTo(CHANNEL + ";messageid=" + root);
      assertThat(message.path("channel").asText()).isEqualTo(CHANNEL);
      assertThat(message.path("thread").asText()).isEqualTo(root);
      assertThat(message.path("mentioned").asBoolean()).isTrue();
      assertThat(message.path("text").asText()).isEqualTo("hello bot");
      assertThat(bot.next("replied").path("id").asText()).isNotEmpty();
      assertThat(bot.next("posted_long").path("length").asInt()).isEqualTo(20000);

      teams.failNext(1); // the connector answers 503 once: the pipeline's retry sends it again
      String next = teams.nextActivityId();
      assertThat(teams.deliver(teams.messageActivity(next, "bob", CHANNEL, root, "still there?"))).isEqualTo(200);
      JsonNode threaded = bot.next("message");
      assertThat(threaded.path("thread").asText()).isEqualTo(root);
      assertThat(threaded.path("name").asText()).isEqualTo("bob");
      bot.next("replied");
      bot.next("done");

      assertThat(bot.exitCode()).as("%s", bot.seen()).isZero();
      // One token, from the fake's Entra ID over HTTPS, for the Bot Framework's scope.
      assertThat(teams.tokenRequests).singleElement().satisfies(form -> {
        assertThat(form.get("client_id")).containsExactly(FakeTeams.APP_ID);
        assertThat(form.get("scope")).containsExactly(AccessToken.SCOPE);
      });
      // Every reply went to "reply to activity"; the 429 and the 503 were each sent again once.
      assertThat(teams.connectorPosts).hasSize(5).allSatisfy(p -> assertThat(p.rawPath())
          .startsWith("/amer/v3/conversations/19%3Aops%40thread.tacv2%3Bmessageid%3D" + root + "/activities/"));
      assertThat(teams.connectorPosts.get(0).body().path("replyToId").asText()).isEqualTo(root);
      assertThat(teams.posted()).containsExactly(new Posted(CHANNEL, root, "hello alice"),
          new Posted(CHANNEL, root, "w".repeat(20000)), new Posted(CHANNEL, root, "hello bob"));
      // MSAL warns that a token answer has no client_info, which Entra ID only sends for a user's
      // sign-in (MSAL did not ask for it: client credentials have no account); nothing else may be
      // logged: no token or key it could not read, no request the connector did not answer.
      assertThat(bot.complaints()).as("warnings and errors the libraries logged").singleElement()
          .satisfies(w -> assertThat(w.path("msg").asText()).startsWith("msal: ")
              .endsWith(": Warning - No client info in response"));
    }
  }
}
