package dev.squall.engine.execution;

import static dev.squall.engine.execution.model.ExecutionStatus.ABANDONED;
import static dev.squall.engine.execution.model.ExecutionStatus.REQUESTED;
import static dev.squall.engine.execution.model.ExecutionStatus.RUNNING;
import static dev.squall.engine.execution.model.ExecutionStatus.SCHEDULED;
import static dev.squall.engine.execution.model.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several nodes (execution services) on one store, run against each database by a subclass.
 * Heartbeats are driven by the tests ({@link ExecutionService#tick()}): the node timeout is an
 * hour and the background beat just under it, so neither comes into play, and a node's age is
 * moved with its {@link TestClock}.
 */
abstract class NodesContract {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration TIMEOUT = Duration.ofHours(1);

  private Database db;
  private ExecutionRepository repo;
  private EventBus bus;
  private final TestActions test = new TestActions();
  private final List<ExecutionService> nodes = new ArrayList<>();

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    repo = new ExecutionRepository(db);
    bus = new EventBus();
  }

  @AfterEach
  void close() {
    test.release.countDown();
    nodes.forEach(n -> n.close(Duration.ofSeconds(5)));
    bus.close();
    db.close();
  }

  private ExecutionService node(Clock clock, int concurrency, boolean exclusiveStore) {
    ExecutionService n = new ExecutionService(repo, test.lookup(), TestActions.resolver(),
        test.runners(), bus, clock, concurrency,
        new ClusterSettings(TIMEOUT.minusMinutes(1), TIMEOUT, exclusiveStore));
    nodes.add(n);
    return n;
  }

  /** A node running one gated execution (its only slot) with a counted one queued behind it. */
  private record Busy(ExecutionService node, Execution running, Execution queued) {}

  private Busy busyNode(Clock clock) {
    ExecutionService a = node(clock, 1, false);
    a.start();
    Execution running = a.submit("test.gate", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> test.concurrent.get() == 1);
    Execution queued = a.submit("test.count", Map.of(), Map.of());
    return new Busy(a, running, queued);
  }

  private static List<ExecutionStatus> statuses(Execution e) {
    return e.log().stream().map(StatusChange::status).toList();
  }

  private static Execution stored(String id, ExecutionStatus status, String action) {
    Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return new Execution(id, action, action.equals("core.noop") ? "noop" : "count", Map.of(),
        Map.of(), status, t, null, Map.of(), List.of(new StatusChange(status, t)));
  }

  @Test
  void twoLiveNodesNeverTouchEachOthersExecutions() {
    Busy a = busyNode(Clock.systemUTC());
    ExecutionService b = node(Clock.systemUTC(), 2, false);
    b.start();
    b.tick();
    a.node().tick();

    assertThat(repo.get(a.running().id()).status()).isEqualTo(RUNNING);
    assertThat(repo.get(a.queued().id()).status()).isEqualTo(REQUESTED);
    assertThat(repo.holder(a.queued().id())).contains(a.node().nodeId());
    assertThat(repo.nodes().all()).containsOnlyKeys(a.node().nodeId(), b.nodeId());

    Execution onB = b.submit("test.count", Map.of(), Map.of());
    assertThat(b.await(onB.id(), WAIT).status()).isEqualTo(SUCCEEDED);
    assertThat(repo.holder(onB.id())).contains(b.nodeId());

    test.release.countDown();
    assertThat(a.node().await(a.running().id(), WAIT).status()).isEqualTo(SUCCEEDED);
    assertThat(a.node().await(a.queued().id(), WAIT).status()).isEqualTo(SUCCEEDED);
    assertThat(test.runs(a.queued().id())).isEqualTo(1);
    assertThat(repo.holder(a.queued().id())).contains(a.node().nodeId());
  }

  @Test
  void aDeadNodesRunningExecutionsAreAbandonedAndItsQueuedOnesRunElsewhere() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Busy a = busyNode(new TestClock(t0));
    TestClock clockB = new TestClock(t0);
    ExecutionService b = node(clockB, 1, false);
    b.start();
    // B's only slot is taken too, so what it claims waits in its queue for a while.
    Execution onB = b.submit("test.block", Map.of(), Map.of());
    await().atMost(WAIT).until(() -> b.get(onB.id()).status() == RUNNING);
    assertThat(repo.get(a.running().id()).status()).isEqualTo(RUNNING);

    // A stops beating: from B's point of view its last heartbeat gets older than the timeout.
    clockB.advance(TIMEOUT.plusSeconds(1));
    b.tick();

    Execution abandoned = repo.get(a.running().id());
    assertThat(abandoned.status()).isEqualTo(ABANDONED);
    assertThat(statuses(abandoned)).containsExactly(REQUESTED, SCHEDULED, RUNNING, ABANDONED);
    assertThat((String) abandoned.result().get("error"))
        .startsWith("Squall stopped while this execution was running (node "
            + a.node().nodeId() + " ")
        .contains("marked abandoned by node " + b.nodeId());
    assertThat(repo.holder(a.queued().id())).contains(b.nodeId());
    assertThat(repo.nodes().all()).containsOnlyKeys(b.nodeId());

    // A was only slow, not dead: when its slot frees it must not run what B claimed, nor
    // overwrite the abandon with its late result.
    test.release.countDown();
    assertThat(a.node().await(a.running().id(), WAIT).status()).isEqualTo(ABANDONED);
    // A's freed slot goes to the queued one at once; A refuses it (B holds it) and forgets it, so
    // what A reports is the store's row. Two seconds give A ample time to run it if it wrongly would.
    assertThat(a.node().await(a.queued().id(), Duration.ofSeconds(2)).status()).isEqualTo(REQUESTED);
    assertThat(test.runs(a.queued().id())).isZero();

    b.cancel(onB.id());
    Execution ranOnB = b.await(a.queued().id(), WAIT);
    assertThat(ranOnB.status()).isEqualTo(SUCCEEDED);
    assertThat(statuses(ranOnB)).containsExactly(REQUESTED, SCHEDULED, RUNNING, SUCCEEDED);
    assertThat(test.runs(a.queued().id())).isEqualTo(1);
    assertThat(repo.get(a.running().id()).status()).isEqualTo(ABANDONED);
  }

  @Test
  void twoNodesClaimingTheSameDeadNodesWorkRunItOnce() {
    Instant longAgo = Instant.now().minus(TIMEOUT.multipliedBy(2));
    repo.nodes().heartbeat("gone-node", longAgo, longAgo);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String id = String.format("%024x", i);
      repo.insert(stored(id, i % 3 == 0 ? SCHEDULED : REQUESTED, "test.count"),
          i % 5 == 0 ? null : "gone-node");
      ids.add(id);
    }
    ExecutionService b = node(Clock.systemUTC(), 4, false);
    ExecutionService c = node(Clock.systemUTC(), 4, false);

    CompletableFuture.allOf(
        CompletableFuture.runAsync(() -> { b.start(); b.tick(); b.tick(); }),
        CompletableFuture.runAsync(() -> { c.start(); c.tick(); c.tick(); })).join();

    await().atMost(WAIT).until(() -> ids.stream().allMatch(
        id -> repo.get(id).status() == SUCCEEDED));
    for (String id : ids) {
      assertThat(test.runs(id)).as("runs of %s", id).isEqualTo(1);
      assertThat(statuses(repo.get(id))).as("log of %s", id).endsWith(SCHEDULED, RUNNING,
          SUCCEEDED).containsOnlyOnce(RUNNING);
      assertThat(repo.holder(id)).get().isIn(b.nodeId(), c.nodeId());
    }
    assertThat(repo.nodes().all()).containsOnlyKeys(b.nodeId(), c.nodeId());
  }

  @Test
  void aFreshHeartbeatProtectsANodesWorkOnASharedStore() {
    Instant now = Instant.now();
    repo.nodes().heartbeat("other-node", now, now);
    repo.insert(stored(String.format("%024x", 1), RUNNING, "core.noop"), "other-node");
    repo.insert(stored(String.format("%024x", 2), REQUESTED, "test.count"), "other-node");

    ExecutionService b = node(Clock.systemUTC(), 1, false);
    b.start();
    b.tick();

    assertThat(repo.get(String.format("%024x", 1)).status()).isEqualTo(RUNNING);
    assertThat(repo.get(String.format("%024x", 2)).status()).isEqualTo(REQUESTED);
    assertThat(repo.holder(String.format("%024x", 2))).contains("other-node");
    assertThat(test.runs(String.format("%024x", 2))).isZero();
  }

  @Test
  void restartOnAnExclusiveStoreRecoversAtOnce() {
    // The process was killed a moment ago: its heartbeat is fresh, but on a store only one
    // process can open, the node starting now is the only one alive.
    Instant now = Instant.now();
    repo.nodes().heartbeat("killed-node", now, now);
    String running = String.format("%024x", 1);
    String queued = String.format("%024x", 2);
    repo.insert(stored(running, RUNNING, "core.noop"), "killed-node");
    repo.insert(stored(queued, REQUESTED, "test.count"), "killed-node");

    ExecutionService restarted = node(Clock.systemUTC(), 1, true);
    restarted.start();

    Execution abandoned = repo.get(running);
    assertThat(abandoned.status()).isEqualTo(ABANDONED);
    assertThat((String) abandoned.result().get("error"))
        .startsWith("Squall stopped while this execution was running (node killed-node ");
    assertThat(restarted.await(queued, WAIT).status()).isEqualTo(SUCCEEDED);
    assertThat(test.runs(queued)).isEqualTo(1);
    assertThat(repo.nodes().all()).containsOnlyKeys(restarted.nodeId());
  }

  @Test
  void aNodeThatClosesHandsItsQueuedWorkToTheOthersAtOnce() {
    Busy a = busyNode(Clock.systemUTC());
    ExecutionService b = node(Clock.systemUTC(), 2, false);
    b.start();

    a.node().close(Duration.ZERO);
    assertThat(repo.nodes().all()).containsOnlyKeys(b.nodeId());
    assertThat(repo.get(a.queued().id()).status()).isEqualTo(REQUESTED);
    b.tick();

    assertThat(b.await(a.queued().id(), WAIT).status()).isEqualTo(SUCCEEDED);
    assertThat(test.runs(a.queued().id())).isEqualTo(1);
    assertThat(repo.get(a.running().id()).status()).isEqualTo(ABANDONED);
  }

  @Test
  void theBackgroundHeartbeatKeepsBeatingAndRecovering() {
    ExecutionService b = new ExecutionService(repo, test.lookup(), TestActions.resolver(),
        test.runners(), bus, Clock.systemUTC(), 1,
        new ClusterSettings(Duration.ofMillis(50), TIMEOUT, false));
    nodes.add(b);
    b.start();
    Instant registered = repo.nodes().all().get(b.nodeId());

    // Left behind by a node that is gone, after B's start-up recovery already ran.
    String orphan = String.format("%024x", 1);
    repo.insert(stored(orphan, REQUESTED, "test.count"), "gone-node");

    await().atMost(WAIT).until(() -> repo.get(orphan).status() == SUCCEEDED);
    assertThat(test.runs(orphan)).isEqualTo(1);
    await().atMost(WAIT).until(() -> repo.nodes().all().get(b.nodeId()).isAfter(registered));
  }
}
