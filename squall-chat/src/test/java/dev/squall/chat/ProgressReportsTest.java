package dev.squall.chat;

import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.OutgoingMessage.Kind;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.PackLoader;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.BuiltinRunners;
import dev.squall.engine.runner.RunnerSettings;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress reports on real executions (H2, the shell runner): when one is posted, when nothing
 * is, and that stopping the bot stops them. The platforms' own edit calls are in
 * {@code LiveProgressTest} and the adapters' tests.
 */
class ProgressReportsTest {

  @TempDir static Path dir;
  private static Database db;
  private static ExecutionService executions;

  /** A platform that can edit (or not), recording what it is asked to do. */
  static final class EditingChat implements ChatAdapter {
    final boolean edits;
    final List<OutgoingMessage> posts = new CopyOnWriteArrayList<>();
    final List<OutgoingMessage> sends = new CopyOnWriteArrayList<>();
    final List<OutgoingMessage> edited = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    EditingChat(boolean edits) {
      this.edits = edits;
    }

    @Override
    public String name() {
      return edits ? "editing" : "lines";
    }

    @Override
    public PlatformLimits limits() {
      return new PlatformLimits("memory", 4_000, true);
    }

    @Override
    public void start(ChatListener listener) {}

    @Override
    public void send(OutgoingMessage message) {
      sends.add(message);
    }

    @Override
    public Optional<PostedMessage> post(OutgoingMessage message) {
      posts.add(message);
      return Optional.of(new PostedMessage(message.room(), message.thread(), "m" + ids.incrementAndGet()));
    }

    @Override
    public boolean edits() {
      return edits;
    }

    @Override
    public void edit(PostedMessage posted, OutgoingMessage replacement) {
      edited.add(replacement);
    }

    @Override
    public AdapterHealth health() {
      return new AdapterHealth(name(), "memory", AdapterHealth.State.CONNECTED, "", java.time.Instant.now());
    }

    @Override
    public void close() {}
  }

  @BeforeAll
  static void start() throws Exception {
    Path pack = dir.resolve("packs/progresspack");
    Files.createDirectories(pack.resolve("actions"));
    Files.writeString(pack.resolve("pack.yaml"), "ref: progresspack\nname: progresspack\nversion: 0.1.0\n");
    Files.writeString(pack.resolve("actions/sh.yaml"), """
        name: sh
        runner_type: local-shell-cmd
        parameters:
          cmd:
            type: string
            required: true
        """);
    db = Database.open(StoreConfig.h2Memory("progress-test"));
    Catalog catalog = new Catalog();
    catalog.put(new PackLoader().load(pack));
    executions = new ExecutionService(new ExecutionRepository(db), catalog::actionOrClosest,
        (action, given, event, context) -> ParameterResolver.Resolved.plain(given),
        BuiltinRunners.create(RunnerSettings.defaults().withWorkDir(Files.createDirectories(dir.resolve("work")))),
        new EventBus(), Clock.systemUTC(), 4);
    executions.start();
  }

  @AfterAll
  static void stop() {
    executions.close();
    db.close();
  }

  private static Execution run(String cmd) {
    return executions.submit("progresspack.sh", Map.of("cmd", cmd), Map.of("user", "alice"));
  }

  private static ProgressReports reports(int lines) {
    return new ProgressReports(new ProgressSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Map.of("lines", lines)), executions, Clock.systemUTC());
  }

  @Test
  void aCommandThatEndsBeforeProgressAfterGetsNoProgressMessage() {
    EditingChat chat = new EditingChat(true);
    try (ProgressReports reports = reports(0)) {
      Execution quick = run("echo quick");
      reports.follow(chat, "#ops", null, quick.id());
      waiting("the command ends").until(() -> executions.get(quick.id()).status().isTerminal());
      waiting("the report ends").until(() -> reports.following() == 0);
    }
    assertThat(chat.posts).isEmpty();
    assertThat(chat.edited).isEmpty();
  }

  @Test
  void aPlatformThatCannotEditGetsNothingUnlessLinesAreAskedFor() {
    EditingChat lines = new EditingChat(false);
    try (ProgressReports none = reports(0)) {
      Execution slow = run("sleep 3");
      none.follow(lines, "#ops", null, slow.id());
      assertThat(none.following()).as("not even followed").isZero();
      executions.cancel(slow.id());
    }

    try (ProgressReports some = reports(1)) {
      Execution slow = run("echo one; sleep 4");
      some.follow(lines, "#ops", null, slow.id());
      waiting("the command ends").until(() -> executions.get(slow.id()).status().isTerminal());
      waiting("the report ends").until(() -> some.following() == 0);
    }
    assertThat(lines.posts).isEmpty();
    assertThat(lines.sends).as("at most progress_lines plain lines").singleElement().satisfies(m -> {
      assertThat(m.kind()).isEqualTo(Kind.PROGRESS);
      assertThat(m.text()).startsWith("⏳ progresspack.sh").contains("running for", ": one").doesNotContain("\n");
    });
  }

  @Test
  void closingStopsTheReportsAtOnceWhileTheCommandRunsOn() {
    EditingChat chat = new EditingChat(true);
    ProgressReports reports = reports(0);
    Execution slow = run("echo started; sleep 20");
    reports.follow(chat, "#ops", "t1", slow.id());
    waiting("the progress message").until(() -> chat.posts.size() == 1);
    assertThat(chat.posts.getFirst().thread()).isEqualTo("t1");
    assertThat(chat.posts.getFirst().kind()).isEqualTo(Kind.PROGRESS);

    reports.close();
    waiting("every report stopped").until(() -> reports.following() == 0);
    int edits = chat.edited.size();
    reports.follow(chat, "#ops", "t1", slow.id());
    assertThat(reports.following()).as("a closed bot follows nothing new").isZero();
    assertThat(executions.get(slow.id()).status()).as("the command itself is not stopped").isEqualTo(ExecutionStatus.RUNNING);
    assertThat(chat.edited).hasSize(edits);
    executions.cancel(slow.id());
  }
}
