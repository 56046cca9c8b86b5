package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.chat.FakePlatform;
import dev.squall.chat.FakePlatform.Edited;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.discord.FakeDiscord;
import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.chat.matrix.FakeMatrix;
import dev.squall.chat.mattermost.FakeMattermostServer;
import dev.squall.chat.slack.FakeSlack;
import dev.squall.chat.teams.FakeTeams;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Live progress: a command that is still running after {@code chat.progress_after} gets one
 * progress message in its thread, edited in place with its new output no more often than
 * {@code chat.progress_interval}, through each platform's own edit call, ending with the final
 * status; the result follows as ever. IRC gets no progress unless {@code progress_lines} asks.
 * The settings are short here (1 s, 1 s) and the command runs 5 s; the logic is the defaults' (5 s).
 */
class LiveProgressTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  /** Five lines of output, one a second. */
  private static final String SLOW = "run for i in 1 2 3 4 5; do echo step $i; sleep 1; done";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One platform: its fake, how its rooms look, and the edit call it documents. */
  record Platform(String name, FakePlatform fake, String user, Function<String, String> room, String editCall) {
    @Override
    public String toString() {
      return name;
    }

    List<Posted> postedIn(String room, String thread) {
      return fake.posted().stream().filter(p -> p.room().equals(room) && Objects.equals(p.thread(), thread)).toList();
    }
  }

  @TempDir static Path dir;
  static NgircdServer irc;
  static IrcTestClient alice;
  static final List<Platform> platforms = new ArrayList<>();
  /** The thread each platform's command went into. */
  static final Map<String, String> roots = new LinkedHashMap<>();
  static RunningSquall squall;

  static Stream<Platform> platforms() {
    return platforms.stream();
  }

  @BeforeAll
  static void start() throws Exception {
    platforms.add(new Platform("slack", new FakeSlack(), "U0ALICE", tag -> "C0" + tag.toUpperCase(Locale.ROOT),
        "chat.update"));
    platforms.add(new Platform("mattermost", new FakeMattermostServer(), "alice",
        tag -> (tag + "0".repeat(26)).substring(0, 26), "PUT /api/v4/posts/{post_id}/patch"));
    platforms.add(new Platform("teams", new FakeTeams(), "29:1alice", tag -> "19:" + tag + "@thread.tacv2",
        "PUT /v3/conversations/{conversationId}/activities/{activityId}"));
    platforms.add(new Platform("discord", new FakeDiscord(), "alice",
        tag -> "11" + String.format("%016d", Math.abs((long) tag.hashCode())),
        "PATCH /channels/{channel.id}/messages/{message.id}"));
    platforms.add(new Platform("matrix", new FakeMatrix(), "alice", tag -> "!" + tag + ":localhost",
        "m.room.message with m.relates_to m.replace"));
    irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")));

    Map<String, Object> chat = new LinkedHashMap<>();
    chat.put("progress_after", (int) INTERVAL.toSeconds());
    chat.put("progress_interval", (int) INTERVAL.toSeconds());
    for (Platform p : platforms) {
      chat.put(p.name(), p.fake().adapterConfig());
    }
    chat.put("irc", Map.of("server", "127.0.0.1", "port", irc.port(), "nick", "squallbot",
        "channels", List.of("#ops"), "reconnect_max_ms", 2000, "max_lines", 40));
    chat.put("irclines", Map.of("type", "irc", "server", "127.0.0.1", "port", irc.port(), "nick", "squallpro",
        "channels", List.of("#lines"), "reconnect_max_ms", 2000, "progress_lines", 2, "max_lines", 40));
    Path home = Files.createDirectories(dir.resolve("home"));
    new ObjectMapper(new YAMLFactory()).writeValue(home.resolve("squall.yaml").toFile(), Map.of("chat", chat));
    Path packs = workflowPack(home);
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs));
    List<String> names = new ArrayList<>(platforms.stream().map(Platform::name).toList());
    names.addAll(List.of("irc", "irclines"));
    await("every adapter connected").atMost(WAIT).until(() -> {
      List<String> connected = new ArrayList<>();
      squall.get("/api/v1/chat/adapters").json().forEach(a -> {
        if (a.path("state").asText().equalsIgnoreCase("connected")) {
          connected.add(a.path("name").asText());
        }
      });
      return connected.containsAll(names);
    });
    alice = IrcTestClient.connect("alice", irc.port());
    alice.join("#ops");
    alice.join("#lines");
    alice.awaitMember("#ops", "squallbot");
    alice.awaitMember("#lines", "squallpro");

    // Every platform's command runs at once, as a busy team's would.
    for (Platform p : platforms) {
      String room = p.room().apply("progress");
      String root = p.fake().userSays(p.user(), room, null, "deploying, watch this");
      roots.put(p.name(), root);
      p.fake().userSays(p.user(), room, root, "!" + SLOW);
    }
    alice.say("#ops", "!" + SLOW);
    alice.say("#lines", "!" + SLOW);
    Platform slack = platforms.getFirst();
    roots.put("workflow", slack.fake().userSays(slack.user(), WORKFLOW_ROOM, null, "shipping now"));
    slack.fake().userSays(slack.user(), WORKFLOW_ROOM, roots.get("workflow"), "!ship it");
  }

  private static final String WORKFLOW_ROOM = "C0WORKFLOW";

  /**
   * A pack with a two-task workflow and its alias ({@code ship it}), and the roles that let the
   * default chat user run it beside the test packs' actions.
   */
  private static Path workflowPack(Path home) throws Exception {
    Path packs = Files.createDirectories(dir.resolve("packs"));
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("ship", null, """
        version: 1.0
        tasks:
          build:
            action: core.local
            input:
              cmd: echo building; sleep 3
            next:
              - when: <% succeeded() %>
                do: release
          release:
            action: core.local
            input:
              cmd: echo releasing; sleep 3
        """);
    flows.alias("ship", """
        name: ship
        action_ref: flows.ship
        description: Build and release.
        formats:
          - "ship it"
        """);
    Path rbac = home.resolve("rbac");
    Files.createDirectories(rbac.resolve("assignments"));
    Files.createDirectories(rbac.resolve("roles"));
    Files.writeString(rbac.resolve("roles/chat_runner.yaml"), """
        name: chat_runner
        permission_grants:
          - resource_uid: "pack:core"
            permission_types: ["action_execute"]
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute"]
          - resource_uid: "pack:flows"
            permission_types: ["action_execute"]
        """);
    Files.writeString(rbac.resolve("assignments/chatops.yaml"), "username: chatops\nroles: [chat_runner]\n");
    return packs;
  }

  @AfterAll
  static void stop() throws Exception {
    List<AutoCloseable> all = new ArrayList<>(java.util.Arrays.asList(alice, squall, irc));
    all.addAll(platforms.stream().map(Platform::fake).toList());
    for (AutoCloseable c : all) {
      if (c != null) {
        c.close();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("platforms")
  void aLongCommandGetsOneProgressMessageEditedInPlaceThenItsResult(Platform p) {
    String room = p.room().apply("progress");
    String root = roots.get(p.name());
    await(p.name() + " shows the final status in the progress message").atMost(WAIT).until(() ->
        p.fake().edited().stream().anyMatch(e -> e.text().contains("succeeded after")));
    Posted result = await(p.name() + " posts the result").atMost(WAIT).until(() -> p.postedIn(room, root).stream()
        .filter(m -> !m.text().startsWith("⏳") && m.text().contains("step 5")).findFirst().orElse(null),
        Objects::nonNull);

    List<Posted> thread = p.postedIn(room, root);
    List<Posted> progress = thread.stream().filter(m -> m.text().startsWith("⏳")).toList();
    assertThat(progress).as("one progress message, in the command's thread").hasSize(1);
    Posted original = progress.getFirst();
    assertThat(original.text()).contains("core.local", "running for").doesNotContain("step 5");
    assertThat(thread.indexOf(result)).as("the result follows the progress message").isGreaterThan(thread.indexOf(original));
    assertThat(result.text()).contains("step 1", "step 5");

    List<Edited> edits = p.fake().edited().stream().filter(e -> e.original().room().equals(room)).toList();
    assertThat(edits).as("edits of the progress message only, through the platform's edit call")
        .allSatisfy(e -> {
          assertThat(e.original()).isEqualTo(original);
          assertThat(e.call()).isEqualTo(p.editCall());
        });
    assertThat(edits.size()).as("edited as output came").isGreaterThanOrEqualTo(2);
    assertThat(edits).anySatisfy(e -> assertThat(e.text()).startsWith("⏳").contains("Last output:", "step"));
    assertThat(edits.getLast().text()).startsWith("✅").contains("succeeded after").contains("step 5");
    for (int i = 1; i < edits.size(); i++) {
      assertThat(Duration.between(edits.get(i - 1).at(), edits.get(i).at()))
          .as("edits %d and %d are at least chat.progress_interval apart", i - 1, i).isGreaterThanOrEqualTo(INTERVAL);
    }
  }

  @Test
  void aWorkflowsProgressListsItsTasksWithTheirStatuses() {
    FakePlatform slack = platforms.getFirst().fake();
    await("the workflow's final status").atMost(WAIT).until(() -> slack.edited().stream()
        .anyMatch(e -> e.original().room().equals(WORKFLOW_ROOM) && e.text().contains("succeeded after")));

    List<Edited> edits = slack.edited().stream().filter(e -> e.original().room().equals(WORKFLOW_ROOM)).toList();
    assertThat(edits.getFirst().original().thread()).isEqualTo(roots.get("workflow"));
    assertThat(edits).as("while it ran, the second task was shown running after the first succeeded")
        .anySatisfy(e -> assertThat(e.text()).contains("flows.ship", "Tasks:", "✅ build: succeeded",
            "⏳ release: running"));
    assertThat(edits.getLast().text()).startsWith("✅ flows.ship").contains("✅ build: succeeded",
        "✅ release: succeeded");
  }

  @Test
  void ircGetsNoProgressUnlessProgressLinesAskForIt() {
    await("the result on both IRC adapters").atMost(WAIT).until(() ->
        said("squallbot", "#ops").stream().anyMatch(l -> l.contains("step 5"))
            && said("squallpro", "#lines").stream().anyMatch(l -> l.contains("step 5") && !l.contains("⏳")));

    assertThat(said("squallbot", "#ops")).as("no progress by default").noneMatch(l -> l.contains("⏳"))
        .anyMatch(l -> l.contains("Your execution ID is"));
    List<String> lines = said("squallpro", "#lines");
    List<String> progress = lines.stream().filter(l -> l.contains("⏳")).toList();
    assertThat(progress).as("progress_lines: 2 gives at most two plain progress lines").hasSizeBetween(1, 2)
        .allSatisfy(l -> assertThat(l).contains("core.local", "running for"));
    int result = lines.indexOf(lines.stream().filter(l -> l.contains("step 5") && !l.contains("⏳")).findFirst().orElseThrow());
    assertThat(lines.indexOf(progress.getLast())).as("progress lines come before the result").isLessThan(result);
  }

  @Test
  void theWebChatEditsItsProgressLineInPlace() throws Exception {
    List<JsonNode> frames = new CopyOnWriteArrayList<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + squall.squall().port() + "/chat/ws?x-auth-token=" + squall.adminToken()),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  try {
                    frames.add(JSON.readTree(partial.toString()));
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                  partial.setLength(0);
                }
                w.request(1);
                return null;
              }
            }).join();
    try {
      ws.sendText(JSON.writeValueAsString(Map.of("text", SLOW)), true).join();
      await("the web chat result").atMost(WAIT).until(() -> frames.stream().anyMatch(f ->
          f.path("kind").asText().equals("result") && f.path("text").asText().contains("step 5")));
      await("the final status").atMost(WAIT).until(() -> frames.stream().anyMatch(f ->
          f.has("edit") && f.path("text").asText().contains("succeeded after")));

      List<JsonNode> progress = frames.stream().filter(f -> f.path("kind").asText().equals("progress") && f.has("id")).toList();
      assertThat(progress).as("one progress line, with an id").hasSize(1);
      String id = progress.getFirst().path("id").asText();
      List<JsonNode> edits = frames.stream().filter(f -> f.has("edit")).toList();
      assertThat(edits).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e.path("edit").asText()).isEqualTo(id));
      assertThat(edits.getLast().path("text").asText()).startsWith("✅").contains("step 5");
    } finally {
      ws.abort();
    }
  }

  /** What {@code nick} said in {@code channel}, in order. */
  private static List<String> said(String nick, String channel) {
    return alice.lines().stream().filter(l -> l.startsWith(":" + nick + "!") && l.contains(" PRIVMSG " + channel + " :"))
        .toList();
  }
}
