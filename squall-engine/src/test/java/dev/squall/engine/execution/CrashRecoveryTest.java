package dev.squall.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

  @TempDir Path home;

  @Test
  void afterAKillTheRunningExecutionIsAbandonedAndTheQueuedOnesRun() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), home.toString())
        .redirectErrorStream(true)
        .start();
    String blocked = null;
    List<String> queued = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        seen.add(line);
        if (line.startsWith("BLOCKED ")) {
          blocked = line.substring(8);
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

    try (Database db = Database.open(StoreConfig.h2File(home))) {
      ExecutionRepository repo = new ExecutionRepository(db);
      assertThat(repo.get(blocked).status()).isEqualTo(ExecutionStatus.RUNNING);
      TestActions test = new TestActions();
      try (ExecutionService service = new ExecutionService(repo, test.lookup(),
          TestActions.resolver(), test.runners(), new EventBus(), Clock.systemUTC(), 1)) {
        service.start();

        Execution abandoned = service.get(blocked);
        assertThat(abandoned.status()).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(abandoned.endTimestamp()).isNotNull();
        assertThat((String) abandoned.result().get("error"))
            .startsWith("Squall stopped while this execution was running");
        assertThat(abandoned.log()).last()
            .extracting(Execution.StatusChange::status).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(queued).hasSize(3);
        for (String id : queued) {
          assertThat(service.await(id, Duration.ofSeconds(30)).status())
              .isEqualTo(ExecutionStatus.SUCCEEDED);
        }
      }
    }
  }
}
