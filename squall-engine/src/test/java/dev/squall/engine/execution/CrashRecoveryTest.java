package dev.squall.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ProcessGroup;
import dev.squall.engine.runner.ProcessGroups;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a Squall process (kill -9) mid-run and checks what the next start makes of its rows. */
class CrashRecoveryTest {

  /** The crashed command's sleep: long enough for the restart, even on a loaded machine. */
  private static final Duration SLEEP = Duration.ofSeconds(10);

  @TempDir Path home;
  @TempDir Path work;

  /** What a crashed child reported before it was killed. */
  private record Crashed(String running, List<String> queued) {}

  /** Runs {@link CrashChild} with {@code extra} arguments until READY, then kills it (-9). */
  private Crashed runAndKill(String... extra) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), CrashChild.class.getName(), home.toString()));
    command.addAll(List.of(extra));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String running = null;
    List<String> queued = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        seen.add(line);
        if (line.startsWith("BLOCKED ")) {
          running = line.substring(8);
        } else if (line.startsWith("QUEUED ")) {
          queued.add(line.substring(7));
        } else if (line.equals("READY")) {
          break;
        }
      }
      assertThat(seen).as("child output").contains("READY");
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return new Crashed(running, queued);
  }

  private ExecutionService restart(ExecutionRepository repo) {
    TestActions test = new TestActions();
    return new ExecutionService(repo, test.lookup(), TestActions.resolver(), test.runners(),
        new EventBus(), Clock.systemUTC(), 1);
  }

  @Test
  void afterAKillTheRunningExecutionIsAbandonedAndTheQueuedOnesRun() throws Exception {
    Crashed crashed = runAndKill();

    try (Database db = Database.open(StoreConfig.h2File(home))) {
      ExecutionRepository repo = new ExecutionRepository(db);
      assertThat(repo.get(crashed.running()).status()).isEqualTo(ExecutionStatus.RUNNING);
      try (ExecutionService service = restart(repo)) {
        service.start();

        Execution abandoned = service.get(crashed.running());
        assertThat(abandoned.status()).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(abandoned.endTimestamp()).isNotNull();
        assertThat((String) abandoned.result().get("error"))
            .startsWith("Squall stopped while this execution was running");
        assertThat(abandoned.log()).last()
            .extracting(Execution.StatusChange::status).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(crashed.queued()).hasSize(3);
        for (String id : crashed.queued()) {
          assertThat(service.await(id, Duration.ofSeconds(30)).status())
              .isEqualTo(ExecutionStatus.SUCCEEDED);
        }
      }
    }
  }

  @Test
  void afterAKillTheRestartKillsTheCommandsGroupSoItNeverFinishes() throws Exception {
    assumeTrue(ProcessGroups.host().isPresent(), "process groups are recorded where /proc is");
    Path marker = work.resolve("F");
    Crashed crashed = runAndKill("sleep " + SLEEP.toSeconds() + "; touch '" + marker + "'");
    long sleeping = System.nanoTime();

    try (Database db = Database.open(StoreConfig.h2File(home))) {
      ExecutionRepository repo = new ExecutionRepository(db);
      ProcessGroup group = repo.processGroups().process(crashed.running()).orElseThrow();
      // The kill -9 stopped the server, not the command: it runs on, reparented.
      ProcessHandle leader = ProcessHandle.of(group.leader()).orElseThrow();
      List<ProcessHandle> members = new ArrayList<>(leader.descendants().toList());
      members.add(leader);
      assertThat(members).hasSizeGreaterThanOrEqualTo(2).allMatch(ProcessHandle::isAlive);

      try (ExecutionService service = restart(repo)) {
        service.start();

        assertThat(service.get(crashed.running()).status()).isEqualTo(ExecutionStatus.ABANDONED);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> members.stream().noneMatch(ProcessHandle::isAlive));
        // Until well past the command's sleep: had anything of it survived, F would be there.
        Duration left = SLEEP.plusSeconds(2).minusNanos(System.nanoTime() - sleeping);
        await().during(left.isNegative() ? Duration.ZERO : left).atMost(SLEEP.plusSeconds(10))
            .until(() -> !Files.exists(marker));
      }
    }
  }
}
