package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.cluster.LeaseStore;
import dev.squall.engine.cluster.Leases;
import dev.squall.engine.execution.ClusterSettings;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' adapters for one platform, on one store shared as a cluster's is: one is connected at
 * a time, the other takes over when the lease changes hands, and a node that lost the adapter
 * connects a fresh one when it holds the lease again.
 */
class LeasedAdapterTest {

  private static final ClusterSettings SHARED = new ClusterSettings(Duration.ofMillis(100), Duration.ofSeconds(1), false);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Database db = Database.open(StoreConfig.h2Memory("leased-adapter-" + System.nanoTime()));
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    db.close();
  }

  private Leases node(String id) {
    Leases l = new Leases(new LeaseStore(db.dataSource()), id, SHARED, Clock.systemUTC());
    open.add(l);
    return l;
  }

  /** Adapters made for one node, in the order they were made; each records whether it runs. */
  private static final class Made {
    final List<Tracked> all = new CopyOnWriteArrayList<>();

    Tracked make() {
      Tracked t = new Tracked();
      all.add(t);
      return t;
    }

    long running() {
      return all.stream().filter(t -> t.running).count();
    }
  }

  private static final class Tracked implements ChatAdapter {
    volatile boolean running;

    @Override
    public String name() {
      return "irc";
    }

    @Override
    public PlatformLimits limits() {
      return new PlatformLimits("irc", 400, false);
    }

    @Override
    public void start(ChatListener listener) {
      running = true;
    }

    @Override
    public void send(OutgoingMessage message) { }

    @Override
    public AdapterHealth health() {
      return new AdapterHealth("irc", "irc", AdapterHealth.State.CONNECTED, "", Instant.EPOCH);
    }

    @Override
    public void close() {
      running = false;
    }
  }

  @Test
  void oneNodeIsConnectedAtATimeAndALostAdapterComesBackFresh() {
    Leases a = node("node-a");
    Made madeA = new Made();
    LeasedAdapter onA = new LeasedAdapter(madeA.make(), madeA::make, a);
    onA.start(m -> { });
    a.start();
    await().atMost(WAIT).until(onA::active);

    Leases b = node("node-b");
    Made madeB = new Made();
    LeasedAdapter onB = new LeasedAdapter(madeB.make(), madeB::make, b);
    onB.start(m -> { });
    b.start();
    await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> madeA.running() == 1 && madeB.running() == 0);
    assertThat(onB.health().state()).isEqualTo(AdapterHealth.State.STOPPED);
    assertThat(onB.health().detail()).contains("node-a");
    assertThatSendingFails(onB);

    // node-a stops: node-b connects at its next try.
    a.close();
    await().atMost(WAIT).until(() -> madeB.running() == 1);
    assertThat(madeA.running()).isZero();

  }

  @Test
  void aNodeWhoseLeaseWasTakenDisconnectsAndConnectsAFreshAdapterOnceItHoldsItAgain() throws Exception {
    Leases a = node("node-a");
    Made made = new Made();
    LeasedAdapter adapter = new LeasedAdapter(made.make(), made::make, a);
    adapter.start(m -> { });
    a.start();
    await().atMost(WAIT).until(adapter::active);

    // Another node took the lease (as after this one stalled past its expiry) for a second.
    try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(
        "UPDATE leases SET holder = 'intruder', epoch = epoch + 1, expires_at = ? WHERE name = 'chat:irc'")) {
      ps.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(1));
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    await().atMost(WAIT).until(() -> made.running() == 0); // its renewal was refused: disconnected
    assertThat(made.all.getFirst().running).isFalse();

    await().atMost(WAIT).until(() -> made.running() == 1);
    assertThat(made.all).hasSize(2); // a new connection, not the closed one
    assertThat(made.all.get(1).running).isTrue();
  }

  private static void assertThatSendingFails(LeasedAdapter notHeld) {
    try {
      notHeld.send(new OutgoingMessage("#ops", null, "hi", null));
      throw new AssertionError("sent through an adapter another node holds");
    } catch (dev.squall.core.error.UnavailableException expected) {
      assertThat(expected.getMessage()).contains("node-a");
    }
  }
}
