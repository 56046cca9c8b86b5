package dev.squall.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.execution.ClusterSettings;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.PostgresStores;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leases between nodes sharing one PostgreSQL store: one holder at a time, fenced by expiry. */
class PostgresLeasesTest {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  private static final ClusterSettings CLUSTER =
      new ClusterSettings(Duration.ofMillis(200), Duration.ofSeconds(2), false);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T opened(T t) {
    open.add(t);
    return t;
  }

  @Test
  void theStoreHandsALeaseToOneNodeAndToAnotherOnlyOnceItExpired() {
    Database db = opened(Database.open(postgres.freshDatabase()));
    LeaseStore store = new LeaseStore(db.dataSource());
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    Lease a = store.acquire("chat:irc", "node-a", now, now.plusSeconds(30)).orElseThrow();
    assertThat(store.acquire("chat:irc", "node-b", now.plusSeconds(29), now.plusSeconds(60))).isEmpty();
    assertThat(store.renew(a, now.plusSeconds(60))).isTrue();

    Lease b = store.acquire("chat:irc", "node-b", now.plusSeconds(61), now.plusSeconds(90)).orElseThrow();
    assertThat(b.epoch()).isEqualTo(a.epoch() + 1);
    // The old holder's epoch is over: it can neither renew nor release what b holds now.
    assertThat(store.renew(a, now.plusSeconds(120))).isFalse();
    store.release(a);
    assertThat(store.get("chat:irc").orElseThrow().holder()).isEqualTo("node-b");

    store.release(b);
    assertThat(store.acquire("chat:irc", "node-c", now.plusSeconds(62), now.plusSeconds(92))).isPresent();
  }

  @Test
  void ofTwoNodesOneRunsTheGuardedWorkAndTheOtherTakesOverWhenItLeaves() {
    StoreConfig config = postgres.freshDatabase();
    Database db = opened(Database.open(config));
    AtomicInteger runningA = new AtomicInteger();
    AtomicInteger runningB = new AtomicInteger();
    Leases a = opened(new Leases(new LeaseStore(db.dataSource()), "node-a", CLUSTER, Clock.systemUTC()));
    a.guard("timers", runningA::incrementAndGet, runningA::decrementAndGet);
    a.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.holds("timers"));

    Leases b = opened(new Leases(new LeaseStore(db.dataSource()), "node-b", CLUSTER, Clock.systemUTC()));
    b.guard("timers", runningB::incrementAndGet, runningB::decrementAndGet);
    b.start();
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> runningA.get() == 1 && runningB.get() == 0 && b.holder("timers").orElse("").equals("node-a"));

    a.close(); // releases: b takes it at its next try, not after the timeout
    assertThat(runningA.get()).isZero();
    await().atMost(CLUSTER.nodeTimeout()).until(() -> runningB.get() == 1);
    assertThat(b.holds("timers")).isTrue();
  }

  @Test
  void aHolderCutOffFromTheStoreStopsTheWorkBeforeTheLeaseExpires() {
    StoreConfig config = postgres.freshDatabase();
    Database db = opened(Database.open(config, Duration.ofMillis(100)));
    AtomicReference<Instant> stopped = new AtomicReference<>();
    Leases a = opened(new Leases(new LeaseStore(db.dataSource()), "node-a", CLUSTER, Clock.systemUTC()));
    a.guard("sensors", () -> { }, () -> stopped.set(Instant.now()));
    a.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.holds("sensors"));

    Instant lastRenewal = Instant.now();
    postgres.refuseConnections(config, true);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> stopped.get() != null);
      assertThat(a.holds("sensors")).isFalse();
      // Stopped by its own clock while the lease, renewed at the latest when cut off, still ran.
      assertThat(stopped.get()).isBefore(lastRenewal.plus(CLUSTER.nodeTimeout()));
    } finally {
      postgres.refuseConnections(config, false);
    }
  }
}
