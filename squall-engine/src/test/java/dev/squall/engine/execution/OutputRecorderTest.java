package dev.squall.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output is stored in batches, yet a reader of this node sees every line as soon as the runner
 * wrote it, and a quiet runner's lines reach the store without waiting for its end.
 */
class OutputRecorderTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path home;
  private final CountDownLatch written = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private Database db;
  private ExecutionRepository repo;
  private EventBus bus;
  private ExecutionService service;

  @BeforeEach
  void open() {
    db = Database.open(StoreConfig.h2File(home));
    repo = new ExecutionRepository(db);
    bus = new EventBus();
    service = new ExecutionService(repo, ref -> TestActions.action(ref, "talk"),
        TestActions.resolver(), Map.of("talk", TestActions.runner("talk", ctx -> {
          int n = ((Number) ctx.parameters().get("lines")).intValue();
          for (int i = 0; i < n; i++) {
            ctx.output().line(i % 3 == 0 ? "stderr" : "stdout", i % 10 == 0 ? "" : "line ✓ " + i);
          }
          written.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
          }
          return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of());
        })), bus, Clock.systemUTC(), 2);
    service.start();
  }

  @AfterEach
  void close() {
    release.countDown();
    service.close(Duration.ofSeconds(5));
    bus.close();
    db.close();
  }

  @Test
  void everyLineWrittenIsReadableAtOnceWhetherStoredOrNotAndAfterTheEnd() throws Exception {
    int n = OutputRecorder.BATCH_LINES + 537; // one batch queued, the rest waiting
    String id = service.submit("test.talk", Map.of("lines", n), Map.of("user", "alice")).id();
    written.await();

    List<OutputLine> whileRunning = service.output(id);
    assertThat(whileRunning).hasSize(n);
    assertThat(whileRunning).extracting(OutputLine::seq)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, n).boxed().toList());
    List<OutputLine> stderrFrom100 = service.output(id, "stderr", 100);
    assertThat(stderrFrom100).isEqualTo(whileRunning.stream()
        .filter(l -> l.stream().equals("stderr")).skip(100).toList());

    release.countDown();
    assertThat(service.await(id, WAIT).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(service.output(id)).isEqualTo(whileRunning);
    assertThat(repo.outputs().output(id)).isEqualTo(whileRunning);
    assertThat(service.output(id, "stderr", 100)).isEqualTo(stderrFrom100);
  }

  @Test
  void aQuietRunnersLinesAreStoredWhileItStillRuns() throws Exception {
    String id = service.submit("test.talk", Map.of("lines", 3), Map.of("user", "alice")).id();
    written.await();

    await().atMost(WAIT).until(() -> repo.outputs().output(id).size() == 3);
    assertThat(service.get(id).status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(repo.outputs().output(id)).extracting(OutputLine::line).containsExactly("", "line ✓ 1", "line ✓ 2");
  }
}
