package dev.squall.engine.execution;

import dev.squall.core.error.UnavailableException;
import dev.squall.engine.store.NodeStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This process as a node of the store: an id unique to this start, a row in the {@code nodes}
 * table refreshed every {@link ClusterSettings#heartbeat()} on a virtual thread, and the row
 * deleted on leaving, so the other nodes take over its queued executions at once rather than after
 * {@link ClusterSettings#nodeTimeout()}.
 */
final class NodeHeartbeat {

  private static final System.Logger LOG = System.getLogger(NodeHeartbeat.class.getName());
  /** Looked up once: the lookup can be slow where DNS is. */
  private static final String HOST = hostName();

  private final String id = newNodeId();
  private final NodeStore nodes;
  private final ClusterSettings cluster;
  private final Supplier<Instant> now;
  private final Instant startedAt;
  // A latch rather than an interrupt to stop: an interrupt during an H2 read closes its file.
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile Thread thread;

  NodeHeartbeat(NodeStore nodes, ClusterSettings cluster, Supplier<Instant> now) {
    this.nodes = nodes;
    this.cluster = cluster;
    this.now = now;
    this.startedAt = now.get();
  }

  String id() {
    return id;
  }

  /** Writes this node's row: registered, or still alive. */
  void beat() {
    nodes.heartbeat(id, startedAt, now.get());
  }

  /** Runs {@code tick} (which beats, and may do more) every heartbeat interval until {@link #leave}. */
  void start(Runnable tick) {
    thread = Thread.ofVirtual().name("squall-heartbeat").start(() -> {
      while (true) {
        try {
          if (stop.await(cluster.heartbeat().toNanos(), TimeUnit.NANOSECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        }
        try {
          tick.run();
        } catch (UnavailableException storeDown) {
          // The store logs its own outage (once, then once a minute); the next beat retries.
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "node " + id + ": heartbeat failed, retrying in "
              + cluster.heartbeat(), e);
        }
      }
    });
  }

  /** Stops beating and deletes this node's row; nothing to do when it never started. */
  void leave() {
    stop.countDown();
    Thread beating = thread;
    if (beating == null) {
      return;
    }
    try {
      beating.join();
      nodes.removeNode(id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "node " + id + " could not remove its row; the"
          + " others take it for gone after " + cluster.nodeTimeout(), e);
    }
  }

  /** {@code host-pid-random}: readable in logs, and new at every start even with pid reuse. */
  private static String newNodeId() {
    return HOST + "-" + ProcessHandle.current().pid() + "-"
        + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  private static String hostName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException | SecurityException e) {
      host = "localhost";
    }
    return host.length() > 80 ? host.substring(0, 80) : host;
  }
}
