package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.chat.FakePlatform;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.discord.FakeDiscord;
import dev.squall.chat.mattermost.FakeMattermostServer;
import dev.squall.chat.slack.FakeSlack;
import dev.squall.chat.teams.FakeTeams;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 end to end through the protocol fakes: alice runs {@code !release APP} on Slack,
 * Discord, Teams and Mattermost; the workflow's {@code core.ask} (a boolean, for role releaser)
 * asks in the command's thread with the platform's buttons; alice clicks Yes the way each platform
 * delivers a click (a Socket Mode block_actions envelope, an INTERACTION_CREATE, an
 * adaptiveCard/action invoke, an integration request); the workflow resumes and succeeds with the
 * answer in its output, and the question on the platform now says who answered.
 */
class InquiryButtonsTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PROMPT = "Release it?";

  @TempDir static Path dir;
  static final FakeSlack slack = new FakeSlack();
  static final FakeDiscord discord = new FakeDiscord();
  static final FakeTeams teams = new FakeTeams();
  static final FakeMattermostServer mattermost = new FakeMattermostServer();
  static RunningSquall squall;

  static final String SLACK_USER = "U0ALICE";
  static final String DISCORD_USER = "alice";
  static final String TEAMS_USER = "29:1alice";
  /** The Mattermost fake gives a user named alice the id alice padded to 26 characters. */
  static final String MATTERMOST_USER = "alice";
  static final String MATTERMOST_ID = "alice" + "0".repeat(21);

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Map<String, Object> chat = new LinkedHashMap<>();
    chat.put("users", Map.of("slack:" + SLACK_USER, "alice", "discord:" + DISCORD_USER, "alice",
        "teams:" + FakeTeams.aadId(TEAMS_USER), "alice", "mattermost:" + MATTERMOST_ID, "alice"));
    chat.put("slack", slack.adapterConfig());
    chat.put("discord", discord.adapterConfig());
    chat.put("teams", teams.adapterConfig());
    Map<String, Object> mm = new LinkedHashMap<>(mattermost.adapterConfig());
    mm.put("actions_listen_port", 0);
    chat.put("mattermost", mm);
    new ObjectMapper(new YAMLFactory()).writeValue(home.resolve("squall.yaml").toFile(), Map.of("chat", chat));
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.writeString(home.resolve("rbac/roles/releaser.yaml"), """
        name: releaser
        permission_grants:
          - resource_uid: "pack:flows"
            permission_types: ["action_execute"]
          - resource_uid: "pack:core"
            permission_types: ["action_execute"]
        """);
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + pack()));
    assertThat(squall.post("/api/v1/users", Map.of("name", "alice", "password", "alice-pw",
        "roles", List.of("releaser"))).status()).isEqualTo(201);
    await("every adapter connected").atMost(WAIT).until(() -> {
      List<String> connected = new ArrayList<>();
      squall.get("/api/v1/chat/adapters").json().forEach(a -> {
        if (a.path("state").asText().equalsIgnoreCase("connected")) {
          connected.add(a.path("name").asText());
        }
      });
      return connected.containsAll(List.of("slack", "discord", "teams", "mattermost"));
    });
  }

  /** A workflow whose first task asks a yes/no question only role releaser may answer, and its alias. */
  private static Path pack() throws Exception {
    Path packs = Files.createDirectories(dir.resolve("packs"));
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("release", """
        app: {type: string, required: true}
        """, """
        version: 1.0
        input:
          - app
        tasks:
          confirm:
            action: core.ask
            input:
              roles: [releaser]
              schema:
                type: object
                description: %s
                properties:
                  continue: {type: boolean, required: true}
            next:
              - when: <%% succeeded() %%>
                publish: go=<%% result().response.continue %%>
        output:
          - summary: <%% ctx(app) %%> go=<%% ctx(go) %%>
        """.formatted(PROMPT));
    flows.alias("release", """
        name: release
        action_ref: flows.release
        description: Release an app after asking
        formats:
          - "release {{app}}"
        """);
    return packs;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {squall, slack, discord, teams, mattermost}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** alice starts the workflow in a thread of {@code room}; returns the thread's root. */
  private static String release(FakePlatform fake, String user, String room, String app) {
    String root = fake.userSays(user, room, null, "releasing " + app);
    fake.userSays(user, room, root, "!release " + app);
    return root;
  }

  /** The question, as the generic view of the platform shows it: in {@code room}, thread {@code root}. */
  private static Posted questionIn(FakePlatform fake, String room, String root) {
    return await("the question in the command's thread").atMost(WAIT).until(() -> fake.posted().stream()
        .filter(p -> p.room().equals(room) && Objects.equals(p.thread(), root) && p.text().contains(PROMPT))
        .findFirst().orElse(null), Objects::nonNull);
  }

  /** The workflow started for {@code app}, once it ended: it succeeded with the answer published. */
  private static void assertResumedAndSucceeded(String app) {
    JsonNode wf = await(app + "'s workflow ends").atMost(WAIT).until(() -> {
      for (JsonNode e : squall.get("/api/v1/executions?action=flows.release").json()) {
        if (e.path("parameters").path("app").asText().equals(app)) {
          JsonNode now = squall.get("/api/v1/executions/" + e.path("id").asText()).json();
          return List.of("succeeded", "failed", "canceled", "timeout").contains(now.path("status").asText())
              ? now : null;
        }
      }
      return null;
    }, Objects::nonNull);
    assertThat(wf.path("status").asText()).as(wf.toString()).isEqualTo("succeeded");
    assertThat(wf.path("result").path("output").path("summary").asText()).isEqualTo(app + " go=True");
  }

  private static void awaitPaused(String app) {
    await(app + "'s workflow waits for the answer").atMost(WAIT).until(() -> {
      for (JsonNode e : squall.get("/api/v1/executions?action=flows.release").json()) {
        if (e.path("parameters").path("app").asText().equals(app)) {
          return squall.get("/api/v1/executions/" + e.path("id").asText()).json().path("status").asText()
              .equals("paused");
        }
      }
      return false;
    });
  }

  private static List<JsonNode> all(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  @Test
  void aSlackBlockActionsClickAnswersTheInquiryResumesTheWorkflowAndTheMessageShowsTheAnswerer() {
    String room = "C0RELEASE";
    String root = release(slack, SLACK_USER, room, "slackapp");
    questionIn(slack, room, root);
    JsonNode message = await().atMost(WAIT).until(() -> slack.stored.stream()
        .filter(m -> m.path("channel").asText().equals(room) && m.path("text").asText().contains(PROMPT))
        .findFirst().orElse(null), Objects::nonNull);
    assertThat(message.path("thread_ts").asText()).isEqualTo(root);
    List<JsonNode> buttons = all(message.path("blocks")).stream().filter(b -> b.path("type").asText().equals("actions"))
        .flatMap(b -> all(b.path("elements")).stream()).toList();
    assertThat(buttons).extracting(b -> b.path("text").path("text").asText()).containsExactly("Yes", "No");
    awaitPaused("slackapp");

    slack.click("env-release-yes", SLACK_USER, message, buttons.getFirst().path("action_id").asText(), null);

    assertResumedAndSucceeded("slackapp");
    JsonNode now = await("the message replaced").atMost(WAIT).until(() ->
        slack.message(room, message.path("ts").asText()), m -> m.toString().contains("Answered by alice"));
    assertThat(now.toString()).contains(PROMPT).contains("continue=true");
    assertThat(all(now.path("blocks"))).noneMatch(b -> b.path("type").asText().equals("actions"));
  }

  @Test
  void aDiscordButtonInteractionAnswersTheInquiryResumesTheWorkflowAndTheMessageShowsTheAnswerer() {
    String room = "110000000000000042";
    String root = release(discord, DISCORD_USER, room, "discordapp");
    questionIn(discord, room, root);
    JsonNode message = await().atMost(WAIT).until(() -> discord.created.stream()
        .filter(m -> m.path("content").asText().contains(PROMPT) && m.path("components").size() > 0)
        .findFirst().orElse(null), Objects::nonNull);
    List<JsonNode> buttons = all(message.path("components")).stream()
        .flatMap(row -> all(row.path("components")).stream()).toList();
    assertThat(buttons).extracting(b -> b.path("label").asText()).containsExactly("Yes", "No");
    awaitPaused("discordapp");

    discord.click(new FakeDiscord.Author(DISCORD_USER, DISCORD_USER, null, false), message,
        buttons.getFirst().path("custom_id").asText(), null);

    assertResumedAndSucceeded("discordapp");
    JsonNode now = await("the message updated").atMost(WAIT).until(() ->
        discord.createdMessage(message.path("id").asText()), m -> m.path("content").asText().contains("Answered by alice"));
    assertThat(now.path("content").asText()).contains(PROMPT).contains("continue=true");
    assertThat(now.path("components")).isEmpty();
  }

  @Test
  void aTeamsInvokeActivityAnswersTheInquiryResumesTheWorkflowAndTheCardShowsTheAnswerer() {
    String room = "19:release@thread.tacv2";
    String root = release(teams, TEAMS_USER, room, "teamsapp");
    // A card-only activity has no text: the thread is read from the conversation it was posted to.
    FakeTeams.Stored card = await().atMost(WAIT).until(() -> teams.stored.stream()
        .filter(s -> s.post().body().path("attachments").size() > 0 && s.post().body().toString().contains(PROMPT))
        .findFirst().orElse(null), Objects::nonNull);
    assertThat(card.post().conversationId()).isEqualTo(room + ";messageid=" + root);
    List<JsonNode> actions = all(card.post().body().path("attachments").path(0).path("content").path("actions"));
    assertThat(actions).extracting(a -> a.path("type").asText()).containsOnly("Action.Execute").hasSize(2);
    awaitPaused("teamsapp");

    // bob is linked to no Squall user: he runs as the default user, who holds no role releaser.
    FakeTeams.Answer refused = teams.invoke("29:1bob", room, root, card.id(), actions.getFirst(), Map.of());
    assertThat(refused.body().path("type").asText()).isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(refused.body().path("value").asText()).contains("needs one of the roles releaser");

    FakeTeams.Answer refreshed = teams.invoke(TEAMS_USER, room, root, card.id(), actions.getFirst(), Map.of());

    assertThat(refreshed.status()).isEqualTo(200);
    assertResumedAndSucceeded("teamsapp");
    JsonNode shown = refreshed.body().path("value");
    assertThat(refreshed.body().path("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(shown.toString()).contains(PROMPT).contains("Answered by alice").contains("continue=true");
    assertThat(shown.has("actions")).isFalse();
  }

  @Test
  void aMattermostIntegrationCallbackAnswersTheInquiryResumesTheWorkflowAndThePostShowsTheAnswerer() {
    String room = "release" + "0".repeat(19);
    String root = release(mattermost, MATTERMOST_USER, room, "mattermostapp");
    questionIn(mattermost, room, root);
    JsonNode post = await().atMost(WAIT).until(() -> mattermost.created.stream()
        .filter(p -> p.path("message").asText().contains(PROMPT)
            && p.path("props").path("attachments").path(0).path("actions").size() > 0)
        .findFirst().orElse(null), Objects::nonNull);
    assertThat(post.path("root_id").asText()).isEqualTo(root);
    List<JsonNode> buttons = all(post.path("props").path("attachments").path(0).path("actions"));
    assertThat(buttons).extracting(b -> b.path("id").asText()).containsExactly("yes", "no");
    awaitPaused("mattermostapp");

    // bob is linked to no Squall user: he runs as the default user, who holds no role releaser.
    FakeMattermostServer.ActionAnswer refused = mattermost.click("bob" + "0".repeat(23), "bob", post, "yes", null);
    assertThat(refused.body().path("ephemeral_text").asText()).contains("needs one of the roles releaser");
    assertThat(all(mattermost.post(post.path("id").asText()).path("props").path("attachments").path(0).path("actions")))
        .as("the buttons stay for someone who may answer").hasSize(2);

    FakeMattermostServer.ActionAnswer answered = mattermost.click(MATTERMOST_ID, MATTERMOST_USER, post, "yes", null);

    assertThat(answered.status()).isEqualTo(200);
    assertResumedAndSucceeded("mattermostapp");
    JsonNode now = mattermost.post(post.path("id").asText());
    assertThat(now.toString()).contains(PROMPT).contains("Answered by alice").contains("continue=true");
    assertThat(all(now.path("props").path("attachments"))).allSatisfy(a -> assertThat(a.path("actions")).isEmpty());
  }
}
