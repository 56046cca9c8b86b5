package dev.squall.engine.cluster;

import dev.squall.core.error.UnavailableException;
import dev.squall.engine.execution.ClusterSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The leases this node wants: each {@link #guard guarded} piece of work (a chat adapter's
 * connection, the timers, the sensors) runs on one node of the cluster at a time. Every
 * {@link #interval()} the node renews what it holds and tries to take what it does not.
 *
 * <p>Fencing: a lease lasts {@link ClusterSettings#nodeTimeout()} from the moment its renewal was
 * sent; the holder stops the work at that moment minus {@link #margin()} by its own monotonic
 * clock (a timer independent of the store, so a hung store cannot keep it running), and when a
 * renewal is refused. Another node takes it only once {@code expires_at} has passed by its
 * clock. So the old holder has stopped before anyone starts, given clocks within the margin of
 * each other (NTP). A node that leaves releases its leases, and the others take them at their
 * next try rather than after the timeout.
 *
 * <p>On a store only this process opens (embedded H2) every lease is this node's at once.
 */
public final class Leases implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Leases.class.getName());

  private final LeaseStore store;
  private final String node;
  private final ClusterSettings cluster;
  private final Clock clock;
  private final List<Guard> guards = new CopyOnWriteArrayList<>();
  private final Map<String, Guard> byName = new ConcurrentHashMap<>();
  private final ScheduledExecutorService fences = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("squall-lease-fence").factory());
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private Thread loop;

  public Leases(LeaseStore store, String node, ClusterSettings cluster, Clock clock) {
    this.store = store;
    this.node = node;
    this.cluster = cluster;
    this.clock = clock;
  }

  /** This node's id, as leases record their holder. */
  public String node() {
    return node;
  }

  /** How long a lease lasts after each renewal: {@code cluster.node_timeout}. */
  public Duration ttl() {
    return cluster.nodeTimeout();
  }

  /** How long before its lease expires a holder stops: a heartbeat, at most a quarter of the ttl. */
  public Duration margin() {
    Duration quarter = ttl().dividedBy(4);
    return cluster.heartbeat().compareTo(quarter) < 0 ? cluster.heartbeat() : quarter;
  }

  /** How often leases are renewed and tried: the heartbeat, at most a third of the ttl. */
  public Duration interval() {
    Duration third = ttl().dividedBy(3);
    return cluster.heartbeat().compareTo(third) < 0 ? cluster.heartbeat() : third;
  }

  /**
   * Runs {@code onHeld} whenever this node takes lease {@code name} and {@code onLost} when it
   * stops holding it (lost, or the node leaves). Both run on the leases' own threads, never at
   * once for one guard. Tried at once when the leases are started.
   */
  public Guard guard(String name, Runnable onHeld, Runnable onLost) {
    Guard g = new Guard(name, onHeld, onLost);
    if (byName.putIfAbsent(name, g) != null) {
      throw new IllegalArgumentException("lease " + name + " is guarded twice");
    }
    guards.add(g);
    synchronized (lifecycle) {
      if (loop != null) {
        Thread.ofVirtual().start(() -> g.tick(now()));
      }
    }
    return g;
  }

  /** Whether this node holds lease {@code name} now (and has not fenced itself off). */
  public boolean holds(String name) {
    Guard g = byName.get(name);
    return g != null && g.held();
  }

  /** The node holding lease {@code name} now, by the store. */
  public Optional<String> holder(String name) {
    Guard g = byName.get(name);
    if (g != null && g.held()) {
      return Optional.of(node);
    }
    return store.get(name).filter(l -> l.heldAt(now())).map(Lease::holder);
  }

  /** Every lease in the store, held or expired. */
  public List<Lease> all() {
    return store.all();
  }

  /** Tries every guard at once, then every {@link #interval()} until closed. Idempotent. */
  public void start() {
    synchronized (lifecycle) {
      if (loop != null || stop.getCount() == 0) {
        return;
      }
      loop = Thread.ofVirtual().name("squall-leases").start(() -> {
        try {
          do {
            Instant at = now();
            for (Guard g : guards) {
              g.tick(at);
            }
          } while (!stop.await(interval().toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }

  /** Stops every guarded piece of work and releases its lease, so others take it at once. */
  @Override
  public void close() {
    stop.countDown();
    Thread running;
    synchronized (lifecycle) {
      running = loop;
    }
    if (running != null) {
      try {
        running.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Guard g : guards) {
      g.leave();
    }
    fences.shutdownNow();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** One guarded piece of work and the lease it runs under. */
  public final class Guard {

    private final String name;
    private final Runnable onHeld;
    private final Runnable onLost;
    /** The lease while held; null while not. */
    private final AtomicReference<Lease> lease = new AtomicReference<>();
    /** Serialises the tries (the loop's, a new guard's first); never held by the fence. */
    private final ReentrantLock trying = new ReentrantLock();
    /** Serialises starting and stopping the work. */
    private final ReentrantLock transitions = new ReentrantLock();
    private volatile ScheduledFuture<?> fence;

    private Guard(String name, Runnable onHeld, Runnable onLost) {
      this.name = name;
      this.onHeld = onHeld;
      this.onLost = onLost;
    }

    public String name() {
      return name;
    }

    public boolean held() {
      return lease.get() != null;
    }

    private void tick(Instant at) {
      trying.lock();
      try {
        if (stop.getCount() == 0) {
          return;
        }
        long sent = System.nanoTime();
        Instant until = at.plus(ttl());
        Lease current = lease.get();
        if (current != null) {
          if (!store.renew(current, until)) {
            LOG.log(System.Logger.Level.WARNING, "lease " + name + " was taken from node " + node
                + "; stopping what it guards");
            lose(current);
            return;
          }
          Lease renewed = new Lease(name, node, current.epoch(), until);
          if (lease.compareAndSet(current, renewed)) {
            fenceAt(sent, renewed);
          } else {
            store.release(renewed); // fenced meanwhile: the work stopped, so let it go
          }
          return;
        }
        // Embedded H2: whoever recorded a lease is gone, even if it has not yet expired.
        Instant takeAt = cluster.exclusiveStore() ? until.plusSeconds(1) : at;
        Optional<Lease> taken = store.acquire(name, node, takeAt, until);
        if (taken.isPresent()) {
          lease.set(taken.get());
          fenceAt(sent, taken.get());
          LOG.log(System.Logger.Level.INFO, "node " + node + " holds lease " + name + " (epoch "
              + taken.get().epoch() + ")");
          transition(onHeld, "starting");
        }
      } catch (UnavailableException storeDown) {
        // The store logs its outage; the fence stops the work if it lasts past the margin.
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "lease " + name + ": renewing or taking failed", e);
      } finally {
        trying.unlock();
      }
    }

    /** Stops the work at {@code sent} + ttl − margin unless renewed before; by its own timer. */
    private void fenceAt(long sent, Lease fenced) {
      ScheduledFuture<?> old = fence;
      if (old != null) {
        old.cancel(false);
      }
      if (cluster.exclusiveStore()) {
        return; // no other node can take it
      }
      long in = sent + ttl().minus(margin()).toNanos() - System.nanoTime();
      fence = fences.schedule(() -> {
        if (lease.get() == fenced) {
          LOG.log(System.Logger.Level.WARNING, "lease " + name + " could not be renewed in time;"
              + " node " + node + " stops what it guards before another node may take it");
          lose(fenced);
        }
      }, Math.max(0, in), TimeUnit.NANOSECONDS);
    }

    /** Stops the work if {@code held} is still the lease (once, whoever notices first). */
    private boolean lose(Lease held) {
      if (!lease.compareAndSet(held, null)) {
        return false;
      }
      ScheduledFuture<?> f = fence;
      if (f != null) {
        f.cancel(false);
      }
      transition(onLost, "stopping");
      return true;
    }

    private void leave() {
      Lease held = lease.get();
      if (held == null || !lose(held)) {
        return;
      }
      try {
        store.release(held);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not release lease " + name + "; others take it"
            + " once it expires at " + held.expiresAt(), e);
      }
    }

    private void transition(Runnable work, String what) {
      transitions.lock();
      try {
        work.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, what + " the work of lease " + name + " failed", e);
      } finally {
        transitions.unlock();
      }
    }
  }
}
