package dev.squall.engine.execution;

import dev.squall.core.error.UnavailableException;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.runner.OutputSink;
import dev.squall.engine.store.OutputStore;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sink a runner writes to: each line is published at once and kept here until it is
 * stored. Lines are stored in batches, so the store can keep them as compressed chunks rather
 * than a row per line: a batch is queued once {@link #BATCH_LINES} lines wait, and at the latest
 * {@link #FLUSH_AFTER} after its first line (by a flusher thread, so a quiet command's last
 * lines do not wait for more). Until a line is stored, {@link #unstored} serves it to readers of
 * this node. A runner may write from two threads (stdout and stderr readers), hence the lock (a
 * ReentrantLock: writers are virtual threads).
 */
final class OutputRecorder implements OutputSink {

  static final int BATCH_LINES = 1_000;
  static final Duration FLUSH_AFTER = Duration.ofMillis(200);

  private static final System.Logger LOG = System.getLogger(OutputRecorder.class.getName());

  /** A line with its position within its own stream (the API's per-stream offset). */
  private record Pending(OutputLine line, long streamIndex) {}

  private final String executionId;
  private final OutputStore store;
  private final EventBus bus;
  private final Clock clock;
  private final SecretRedaction redaction;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Long> streamCounts = new HashMap<>();
  /** Lines not yet stored, oldest first: queued ones (the first {@code queued}), then waiting. */
  private final List<Pending> pending = new ArrayList<>();
  private int queued;
  private long seq;
  private boolean closed;
  private Thread flusher;
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

  OutputRecorder(String executionId, OutputStore store, EventBus bus, Clock clock,
      SecretRedaction redaction) {
    this.executionId = executionId;
    this.redaction = redaction;
    this.store = store;
    this.bus = bus;
    this.clock = clock;
  }

  @Override
  public void line(String stream, String line) {
    OutputLine l;
    lock.lock();
    try {
      l = new OutputLine(executionId, seq++, stream, redaction.apply(line),
          clock.instant().truncatedTo(ChronoUnit.MICROS));
      long index = streamCounts.merge(stream, 1L, Long::sum) - 1;
      pending.add(new Pending(l, index));
      // After awaitStored (a runner abandoned at shutdown may still write) nothing flushes later.
      if (closed || pending.size() - queued >= BATCH_LINES) {
        queueWaiting();
      } else if (flusher == null) {
        flusher = Thread.ofVirtual().name("squall-output-" + executionId).start(this::flushLoop);
      }
    } finally {
      lock.unlock();
    }
    bus.publish(new Event.ExecutionOutput(l));
  }

  /**
   * Lines written but not yet stored, of one stream (null: all) from its {@code offset}-th line
   * on. A reader takes these before reading the store and keeps those past what it read there.
   */
  List<OutputLine> unstored(String stream, long offset) {
    lock.lock();
    try {
      List<OutputLine> out = new ArrayList<>();
      for (Pending p : pending) {
        boolean mine = stream == null || p.line().stream().equals(stream);
        long index = stream == null ? p.line().seq() : p.streamIndex();
        if (mine && index >= offset) {
          out.add(p.line());
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Stores what waits, then waits until every line so far is stored. */
  void awaitStored() {
    CompletableFuture<Void> last;
    Thread f;
    lock.lock();
    try {
      closed = true;
      queueWaiting();
      last = lastWrite;
      f = flusher;
    } finally {
      lock.unlock();
    }
    if (f != null) {
      LockSupport.unpark(f);
    }
    try {
      last.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UnavailableException storeDown) { // one line: the store logs its outage
        LOG.log(System.Logger.Level.WARNING, "output of " + executionId + " was not stored: "
            + storeDown.getMessage());
      } else {
        LOG.log(System.Logger.Level.WARNING, "output of " + executionId + " was not stored", e);
      }
    }
  }

  /** Queues the waiting lines as one store write; called with the lock held. */
  private void queueWaiting() {
    if (pending.size() == queued) {
      return;
    }
    List<OutputLine> batch = pending.subList(queued, pending.size()).stream()
        .map(Pending::line).toList();
    queued = pending.size();
    int n = batch.size();
    // The store runs writes in order, so batches complete oldest first.
    lastWrite = store.appendOutput(batch).whenComplete((ok, error) -> stored(n));
  }

  private void stored(int n) {
    lock.lock();
    try {
      pending.subList(0, n).clear();
      queued -= n;
    } finally {
      lock.unlock();
    }
  }

  private void flushLoop() {
    while (true) {
      LockSupport.parkNanos(FLUSH_AFTER.toNanos());
      lock.lock();
      try {
        queueWaiting();
        if (closed) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
