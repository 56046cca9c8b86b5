package dev.squall.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.UnavailableException;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that goes down (a full disk on H2, a server refusing connections on PostgreSQL) fails
 * requests with a 503 while it is down, comes back by itself once the cause is gone, and loses
 * nothing it acknowledged. Run against each database by a subclass.
 */
abstract class StoreOutageContract {

  private static final Duration RETRY = Duration.ofMillis(200);
  private static final Duration RECOVERY_WAIT = Duration.ofSeconds(30);

  private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private Database db;
  private ExecutionRepository repo;

  protected abstract StoreConfig freshStore();

  /** Makes the store unusable: later writes (or connections) fail until {@link #repair}. */
  protected abstract void breakStore();

  protected abstract void repair();

  @BeforeEach
  void open() {
    db = Database.open(freshStore(), RETRY);
    repo = new ExecutionRepository(db);
    Logger.getLogger(StorePool.class.getName()).addHandler(capture);
    Logger.getLogger(GroupCommit.class.getName()).addHandler(capture);
  }

  @AfterEach
  void close() {
    repair();
    Logger.getLogger(StorePool.class.getName()).removeHandler(capture);
    Logger.getLogger(GroupCommit.class.getName()).removeHandler(capture);
    db.close();
  }

  private static Execution requested(int n) {
    Instant at = Instant.now();
    return new Execution(String.format("%024x", n), "core.local", "local-shell-cmd",
        Map.of("cmd", "echo " + "x".repeat(500)), Map.of("user", "u"), ExecutionStatus.REQUESTED,
        at, null, Map.of(), List.of(new Execution.StatusChange(ExecutionStatus.REQUESTED, at)));
  }

  /** Inserts until the store refuses one; returns how many it acknowledged. */
  private int insertUntilRefused(int from) {
    for (int n = from; n < from + 100_000; n++) {
      try {
        repo.insert(requested(n));
      } catch (UnavailableException e) {
        return n - from;
      }
    }
    throw new AssertionError("the broken store accepted 100,000 writes");
  }

  private void awaitRecovery(int probeId) throws InterruptedException {
    Instant deadline = Instant.now().plus(RECOVERY_WAIT);
    while (true) {
      try {
        repo.insert(requested(probeId));
        return;
      } catch (UnavailableException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("the store did not come back within " + RECOVERY_WAIT, e);
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void aBrokenStoreAnswers503UntilItIsRepairedThenWorksWithoutReopening() throws Exception {
    repo.insert(requested(1));
    breakStore();
    insertUntilRefused(2);

    // Still down after many retries: nothing pretends to work.
    Thread.sleep(RETRY.multipliedBy(5).toMillis());
    assertThatThrownBy(() -> repo.insert(requested(900_000)))
        .isInstanceOf(UnavailableException.class)
        .satisfies(e -> assertThat(((UnavailableException) e).httpStatus()).isEqualTo(503))
        .hasMessageStartingWith("The store cannot be used right now (");
    assertThatThrownBy(() -> repo.find(String.format("%024x", 1)))
        .isInstanceOf(UnavailableException.class);
    assertThat(db.isUp()).isFalse();

    repair();
    awaitRecovery(900_001);

    assertThat(db.isUp()).isTrue();
    assertThat(repo.find(String.format("%024x", 1))).isPresent();
    assertThat(repo.find(String.format("%024x", 900_001))).isPresent();
    assertThat(repo.find(String.format("%024x", 900_000))).isEmpty();
  }

  @Test
  void everyAcknowledgedWriteOfAConcurrentLoadIsThereAfterTheOutage() throws Exception {
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    int writers = 8;
    try (var pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        running.add(pool.submit(() -> {
          // Each writer goes on until it has been refused a few times.
          int mine = 0;
          while (mine < 5) {
            int n = next.incrementAndGet();
            try {
              repo.insert(requested(n));
              acknowledged.add(n);
            } catch (UnavailableException e) {
              refused.incrementAndGet();
              mine++;
            }
            if (n == 200) {
              breakStore();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(); // any exception but a 503 fails the test here
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(199);
    assertThat(refused.get()).isGreaterThanOrEqualTo(writers * 5);

    repair();
    awaitRecovery(1_000_000);

    List<Integer> missing = acknowledged.stream()
        .filter(n -> repo.find(String.format("%024x", n)).isEmpty()).toList();
    assertThat(missing).as("acknowledged but lost").isEmpty();
    assertThat(repo.list(ExecutionQuery.all()).total()).isGreaterThanOrEqualTo(acknowledged.size() + 1);
  }

  @Test
  void anOutageIsLoggedInOneLineWhenItStartsAndWhenItEndsNotPerRequest() throws Exception {
    breakStore();
    insertUntilRefused(1);
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> repo.list(ExecutionQuery.all())).isInstanceOf(UnavailableException.class);
    }
    repair();
    awaitRecovery(2_000_000);

    assertThat(logged).extracting(LogRecord::getMessage).hasSize(2);
    assertThat(logged.get(0).getMessage()).startsWith("the store is down (").doesNotContain("\n");
    assertThat(logged.get(1).getMessage()).startsWith("the store is back after ");
    assertThat(logged).allSatisfy(r -> assertThat(r.getThrown()).isNull());
  }
}
