package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.chat.FakePlatform;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.discord.DiscordAdapter;
import dev.squall.chat.discord.FakeDiscord;
import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.chat.mattermost.FakeMattermostServer;
import dev.squall.chat.mattermost.MattermostAdapter;
import dev.squall.chat.slack.FakeSlack;
import dev.squall.chat.matrix.FakeMatrix;
import dev.squall.chat.matrix.MatrixAdapter;
import dev.squall.chat.slack.SlackAdapter;
import dev.squall.chat.teams.FakeTeams;
import dev.squall.chat.teams.TeamsAdapter;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ChatOps on the hosted platforms (Slack, Mattermost…), each played by a protocol-faithful fake
 * server, and IRC on a real ngircd — all connected to one Squall at once, as a team running several
 * chat systems would have it. Users ask for help, run an alias in a thread and get a result longer
 * than the platform allows in one message.
 */
class HostedPlatformsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Lines of {@code seq} output: more text than any platform takes in one message. */
  private static final int LONG_LINES = 8_000;

  /** One platform under test: its fake, its adapter's name, and how its ids look. */
  record Platform(String name, FakePlatform fake, int limit, String user, String addressed,
      Function<String, String> room) {
    @Override
    public String toString() {
      return name;
    }

    List<Posted> postedIn(String room, String thread) {
      return fake.posted().stream().filter(p -> p.room().equals(room)
          && java.util.Objects.equals(p.thread(), thread)).toList();
    }

    /** Waits until the bot posted something containing {@code text} in the room and thread. */
    Posted awaitPost(String room, String thread, String text) {
      return await(name + " says " + text).atMost(WAIT).until(() -> postedIn(room, thread).stream()
          .filter(p -> p.text().contains(text)).findFirst().orElse(null), p -> p != null);
    }
  }

  @TempDir static Path dir;
  static NgircdServer irc;
  static IrcTestClient alice;
  static final List<Platform> platforms = new ArrayList<>();
  static RunningSquall squall;

  static Stream<Platform> platforms() {
    return platforms.stream();
  }

  @BeforeAll
  static void start() throws Exception {
    platforms.add(new Platform("slack", new FakeSlack(), SlackAdapter.MAX_MESSAGE_LENGTH, "U0ALICE", "<@U0ALICE>",
        tag -> "C0" + tag.toUpperCase(Locale.ROOT)));
    platforms.add(new Platform("mattermost", new FakeMattermostServer(), MattermostAdapter.MAX_POST_LENGTH,
        "alice", "@alice",
        tag -> (tag + "0".repeat(26)).substring(0, 26)));
    platforms.add(new Platform("teams", new FakeTeams(), TeamsAdapter.MAX_MESSAGE_LENGTH, "29:1alice", "29:1alice",
        tag -> "19:" + tag + "@thread.tacv2"));
    platforms.add(new Platform("discord", new FakeDiscord(), DiscordAdapter.MAX_MESSAGE_LENGTH, "alice", "alice",
        tag -> "11" + String.format("%016d", Math.abs((long) tag.hashCode()))));
    platforms.add(new Platform("matrix", new FakeMatrix(), MatrixAdapter.MAX_BODY_LENGTH, "alice", "alice",
        tag -> "!" + tag + ":localhost"));
    irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")));

    Map<String, Object> chat = new LinkedHashMap<>();
    chat.put("max_parts", 60);
    for (Platform p : platforms) {
      chat.put(p.name(), p.fake().adapterConfig());
    }
    chat.put("irc", Map.of("server", "127.0.0.1", "port", irc.port(), "nick", "squallbot",
        "channels", List.of("#ops"), "reconnect_max_ms", 2000));
    Path home = Files.createDirectories(dir.resolve("home"));
    new ObjectMapper(new YAMLFactory()).writeValue(home.resolve("squall.yaml").toFile(), Map.of("chat", chat));
    squall = RunningSquall.startIn(home, Map.of());
    List<String> names = new ArrayList<>(platforms.stream().map(Platform::name).toList());
    names.add("irc");
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
    alice.awaitMember("#ops", "squallbot");
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
  void helpListsTheAliasesInTheRoom(Platform p) {
    String room = p.room().apply("help");
    p.fake().userSays(p.user(), room, null, "!help shout");

    Posted help = p.awaitPost(room, null, "shout {{word}}");
    assertThat(help.text()).contains("!shout {{word}} - Shout a word back.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("platforms")
  void anAliasInAThreadIsAckedAndAnsweredInThatThread(Platform p) {
    String room = p.room().apply("threads");
    String root = p.fake().userSays(p.user(), room, null, "deploy went wrong, looking");
    p.fake().userSays(p.user(), room, root, "!shout hello " + p.name());

    assertThat(p.awaitPost(room, root, "execution ID").text()).containsPattern("[0-9a-f]{24}");
    Posted result = p.awaitPost(room, root, "HELLO " + p.name().toUpperCase(Locale.ROOT));
    assertThat(result.text()).as("the result names whom it answers, the platform's way")
        .startsWith(p.addressed() + ": Action testpack.shout completed.");
    assertThat(p.fake().posted()).filteredOn(post -> post.room().equals(room) && !root.equals(post.thread()))
        .noneMatch(post -> post.text().contains("HELLO " + p.name().toUpperCase(Locale.ROOT))
            || post.text().contains("execution ID"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("platforms")
  void aResultLongerThanTheLimitArrivesInOrderedPartsInItsThread(Platform p) {
    String room = p.room().apply("long");
    String root = p.fake().userSays(p.user(), room, null, "need the numbers");
    p.fake().userSays(p.user(), room, root, "!run seq 1 " + LONG_LINES);

    await(p.name() + " posts the whole result").atMost(WAIT)
        .until(() -> numbersIn(p.postedIn(room, root)), n -> n.contains(LONG_LINES));
    List<Posted> parts = p.postedIn(room, root);
    assertThat(parts).allSatisfy(part -> assertThat(part.text().length()).isLessThanOrEqualTo(p.limit()));
    List<Integer> numbers = numbersIn(parts);
    assertThat(numbers).hasSize(LONG_LINES);
    for (int i = 0; i < LONG_LINES; i++) {
      assertThat(numbers.get(i)).as("part order").isEqualTo(i + 1);
    }
    assertThat(parts.size()).as("one message cannot hold it").isGreaterThan(2);
  }

  @Test
  void everyPlatformAndIrcAtOnceEachResultOnlyInItsOwnRoom() throws Exception {
    for (Platform p : platforms) {
      p.fake().userSays(p.user(), p.room().apply("crowd"), null, "!shout from " + p.name());
    }
    alice.say("#ops", "!shout from irc");

    for (Platform p : platforms) {
      p.awaitPost(p.room().apply("crowd"), null, "FROM " + p.name().toUpperCase(Locale.ROOT));
    }
    await("irc result").atMost(WAIT).until(() -> ircSaid().stream().anyMatch(l -> l.contains("FROM IRC")));

    List<String> everyone = new ArrayList<>(platforms.stream().map(Platform::name).toList());
    everyone.add("irc");
    for (Platform p : platforms) {
      List<String> others = everyone.stream().filter(n -> !n.equals(p.name())).toList();
      assertThat(p.fake().posted()).as(p.name()).allSatisfy(post -> {
        for (String other : others) {
          assertThat(post.text()).doesNotContain("FROM " + other.toUpperCase(Locale.ROOT));
        }
      });
      assertThat(p.fake().posted()).filteredOn(post -> post.text().contains("FROM " + p.name().toUpperCase(Locale.ROOT)))
          .extracting(Posted::room).containsOnly(p.room().apply("crowd"));
    }
    assertThat(ircSaid()).noneMatch(l -> platforms.stream().anyMatch(p ->
        l.contains("FROM " + p.name().toUpperCase(Locale.ROOT))));
  }

  /** The numbers {@code seq} printed, in the order the parts arrived (the ack is no number). */
  private static List<Integer> numbersIn(List<Posted> parts) {
    return parts.stream().filter(part -> !part.text().contains("execution ID"))
        .flatMap(part -> part.text().lines()).map(String::strip)
        .filter(l -> l.matches("\\d+")).map(Integer::valueOf).toList();
  }

  /** What the bot said in #ops on IRC. */
  private static List<String> ircSaid() {
    return alice.lines().stream().filter(l -> l.startsWith(":squallbot!") && l.contains(" PRIVMSG #ops :")).toList();
  }
}
