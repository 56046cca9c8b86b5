package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.OutgoingMessage.Kind;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.alias.AliasExecutor;
import dev.squall.engine.alias.AliasRegistry;
import dev.squall.engine.alias.AliasResults;
import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.runner.BuiltinRunners;
import dev.squall.engine.runner.RunnerSettings;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot's round trip on real parts (H2, the alias matcher and executor, the shell runner), with
 * an in-memory platform: what a chat user sees for each way a command can go.
 */
class BotTest {

  private static final String WEB = "https://squall.example";
  private static final Pattern LINK = Pattern.compile("/#/history/([^/]+)/general");

  @TempDir
  static Path dir;

  private static Database db;
  private static ExecutionService executions;
  private static Bot bot;
  private static MemoryAdapter chat;

  @BeforeAll
  static void start() throws IOException {
    Path pack = dir.resolve("packs/chatpack");
    write(pack.resolve("pack.yaml"), "ref: chatpack\nname: chatpack\nversion: 0.1.0\nauthor: Squall\n");
    write(pack.resolve("actions/sh.yaml"), """
        name: sh
        runner_type: local-shell-cmd
        parameters:
          cmd:
            type: string
            required: true
        """);
    alias(pack, "run", "formats: [\"run {{cmd}}\"]");
    alias(pack, "twin_a", "formats: [\"twin {{cmd}}\"]");
    alias(pack, "twin_b", "formats: [\"twin {{cmd}}\"]");
    alias(pack, "secure", "formats: [\"secure {{cmd}}\"]\nextra:\n  squall:\n    require_mapped_user: true");
    alias(pack, "deploy", """
        formats: ["deploy {{cmd}}"]
        ack:
          format: "Deploying {{ execution.parameters.cmd }}{~}ask later"
          append_url: false
        """);
    alias(pack, "quiet", "formats: [\"quiet {{cmd}}\"]\nack:\n  enabled: false");

    db = Database.open(StoreConfig.h2Memory("bot-test"));
    Catalog catalog = new Catalog();
    catalog.put(new PackLoader().load(pack));
    AliasRegistry aliases = new AliasRegistry(catalog, db.dataSource(), Clock.systemUTC());
    aliases.load();
    TemplateEngine templates = new TemplateEngine();
    ExecutionView view = new ExecutionView(catalog, WEB);
    executions = new ExecutionService(new ExecutionRepository(db), catalog::actionOrClosest,
        (action, given, event, context) -> ParameterResolver.Resolved.plain(given),
        BuiltinRunners.create(RunnerSettings.defaults().withWorkDir(Files.createDirectories(dir.resolve("work")))),
        new EventBus(), Clock.systemUTC(), 4);
    executions.start();
    BotSettings settings = BotSettings.defaults();
    bot = new Bot(new BotSettings(settings.name(), settings.prefix(), settings.maxLineLength(),
        settings.maxParts(), true, true, Map.of(), settings.defaultUser(), Map.of("memory:boss", "alice")),
        new AliasExecutor(aliases, catalog, executions, view, templates), executions, view,
        new AliasResults(aliases, view, templates),
        (user, action) -> true); // who may run what is the server's: AuthorizationMatrixTest, ChatPermissionsTest
    chat = new MemoryAdapter(4_000);
    bot.addAdapter(chat);
    bot.start();
  }

  @AfterAll
  static void stop() {
    bot.close();
    executions.close();
    db.close();
  }

  @Test
  void aMatchedCommandIsAckedWithTheLinkToItsExecution() {
    chat.say("u1", "#ack", null, "!run echo hi");

    OutgoingMessage ack = only("#ack");
    assertThat(ack.kind()).isEqualTo(Kind.PLAIN);
    assertThat(ack.text()).contains(executionId(ack)).contains("(details available at " + WEB + "/#/history/");
  }

  @Test
  void countsTheRateLimitWaitsOfEachAdapterAndHowLongTheyLasted() {
    long waits = bot.traffic().rateLimitWaits(MemoryAdapter.NAME);
    double seconds = bot.traffic().rateLimitWaitedSeconds(MemoryAdapter.NAME);

    chat.waitedForRateLimit(java.time.Duration.ofMillis(250));
    chat.waitedForRateLimit(java.time.Duration.ofSeconds(2));

    assertThat(bot.traffic().rateLimitWaits(MemoryAdapter.NAME)).isEqualTo(waits + 2);
    assertThat(bot.traffic().rateLimitWaitedSeconds(MemoryAdapter.NAME)).isEqualTo(seconds + 2.25);
    assertThat(bot.traffic().rateLimitWaits("no-such-adapter")).isZero();
  }

  @Test
  void countsTheMessagesItReceivesAndSendsPerAdapter() {
    long in = bot.traffic().in(MemoryAdapter.NAME);
    long out = bot.traffic().out(MemoryAdapter.NAME);

    chat.say("u1", "#count", null, "!run echo counted");
    only("#count");

    assertThat(bot.traffic().in(MemoryAdapter.NAME)).isEqualTo(in + 1);
    assertThat(bot.traffic().out(MemoryAdapter.NAME)).isGreaterThanOrEqualTo(out + 1);
    assertThat(bot.traffic().in("no-such-adapter")).isZero();
  }

  @Test
  void anAliasAckFormatIsRenderedWithItsPretextJoinedAndNoLinkWhenTurnedOff() {
    chat.say("u1", "#deploy", null, "!deploy echo v2");

    assertThat(only("#deploy").text()).isEqualTo("Deploying echo v2\nask later");
  }

  @Test
  void anAliasWithTheAckTurnedOffRunsWithoutAnAck() {
    chat.say("u1", "#quiet", null, "!quiet echo psst");

    assertThat(chat.in("#quiet")).isEmpty();
  }

  @Test
  void theResultGoesBackToTheRoomAndThreadTheCommandCameFrom() {
    chat.say("u1", "#ops", "t-1", "!run echo hello");
    OutgoingMessage ack = only("#ops");
    assertThat(ack.thread()).isEqualTo("t-1");

    Execution done = deliver(executionId(ack));

    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    OutgoingMessage result = chat.in("#ops").get(1);
    assertThat(result.thread()).isEqualTo("t-1");
    assertThat(result.kind()).isEqualTo(Kind.RESULT);
    assertThat(result.text()).startsWith("u1-name: ").contains("status : succeeded", "hello");
  }

  @Test
  void aFailedExecutionIsPostedAsAFailure() {
    chat.say("u1", "#fail", null, "!run echo oops >&2; exit 3");

    deliver(executionId(only("#fail")));

    OutgoingMessage result = chat.in("#fail").get(1);
    assertThat(result.kind()).isEqualTo(Kind.FAILURE);
    assertThat(result.text()).contains("status : failed", "oops");
  }

  @Test
  void aDirectMessageResultDoesNotAddressTheUser() {
    chat.say("u2", "u2", null, true, "!run echo private");

    deliver(executionId(only("u2")));

    assertThat(chat.in("u2").get(1).text()).doesNotStartWith("u2-name:").contains("private");
  }

  @Test
  void aCommandNoAliasMatchesIsAnsweredWithTheClosestOnes() {
    chat.say("u1", "#typo", null, "!rnu echo hi");

    assertThat(only("#typo").text())
        .isEqualTo("No alias matches \"rnu echo hi\"; did you mean: run {{cmd}}? Try !help");
  }

  @Test
  void anAmbiguousCommandIsAnsweredWithTheCandidatesAndRunsNothing() {
    chat.say("u1", "#twins", null, "!twin echo x");

    assertThat(only("#twins").text()).isEqualTo("Command 'twin echo x' matched more than 1 pattern: "
        + "\"twin {{cmd}}\" (chatpack.twin_a), \"twin {{cmd}}\" (chatpack.twin_b)");
  }

  @Test
  void anAliasForMappedUsersRefusesAnUnmappedOneAndRunsForAMappedOne() {
    chat.say("stranger", "#secure", null, "!secure echo x");
    assertThat(only("#secure").text()).isEqualTo("\"secure echo x\" (alias chatpack.secure) needs a mapped chat "
        + "user; ask an administrator to map memory:stranger under chat.users.");

    chat.say("boss", "#secure", null, "!secure echo y");
    OutgoingMessage ack = chat.in("#secure").get(1);
    Execution e = executions.await(executionId(ack), Duration.ofSeconds(20));
    assertThat(e.context()).containsEntry("user", "alice");
  }

  @Test
  void anAnnouncedResultShowsItsFailureFromTheStatusNotFromTheText() {
    Map<String, Object> payload = Map.of("channel", "#ann", "message", "all fine {~} really",
        "context", Map.of("adapter", "memory", "thread", "t-9"));

    assertThat(bot.announce(payload, ExecutionStatus.FAILED)).isTrue();
    assertThat(bot.announce(Map.of("channel", "#ann", "message", "status : failed",
        "context", Map.of("adapter", "memory")), null)).isTrue();

    List<OutgoingMessage> sent = chat.in("#ann");
    assertThat(sent).extracting(OutgoingMessage::kind).containsExactly(Kind.FAILURE, Kind.RESULT);
    assertThat(sent.get(0).text()).isEqualTo("all fine\nreally");
    assertThat(sent.get(0).thread()).isEqualTo("t-9");
  }

  @Test
  void anAnnouncementForAnotherBotsRoomIsNotOurs() {
    assertThat(bot.announce(Map.of("channel", "#elsewhere", "message", "hi"), null)).isFalse();
    assertThat(chat.in("#elsewhere")).isEmpty();
  }

  /** Waits for the execution, then delivers its result as the notifier's chat route does. */
  private static Execution deliver(String id) {
    Execution done = executions.await(id, Duration.ofSeconds(20));
    Object stored = done.context().get("notify") instanceof Map<?, ?> notify
        && notify.get("on_complete") instanceof Map<?, ?> onComplete
        && onComplete.get("data") instanceof Map<?, ?> data ? data.get("source_context") : null;
    bot.deliverResult(done, SourceContext.from(stored).orElseThrow());
    return done;
  }

  private static OutgoingMessage only(String room) {
    assertThat(chat.in(room)).hasSize(1);
    return chat.in(room).getFirst();
  }

  private static String executionId(OutgoingMessage ack) {
    Matcher m = LINK.matcher(ack.text());
    if (m.find()) {
      return m.group(1);
    }
    throw new AssertionError("no execution link in the ack: " + ack.text());
  }

  private static void alias(Path pack, String name, String rest) throws IOException {
    write(pack.resolve("aliases/" + name + ".yaml"),
        "name: " + name + "\naction_ref: chatpack.sh\n" + Objects.requireNonNull(rest) + "\n");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
