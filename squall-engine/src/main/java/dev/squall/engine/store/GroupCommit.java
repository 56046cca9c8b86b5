package dev.squall.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Runs every write of the store on one thread, folding all writes that wait at that moment into
 * one transaction: a thousand concurrent executions cost one commit (one file write on H2, one
 * fsync on PostgreSQL), not a thousand. Writes stay in submission order, so output lines keep
 * their order and a status update never overtakes the insert of its row. If a batch fails, each
 * write of it is retried alone, so one bad write fails only its own caller.
 */
final class GroupCommit implements AutoCloseable {

  private static final int MAX_BATCH = 1_000;
  private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

  private record Pending<T>(SqlWork<T> work, CompletableFuture<T> result) {}

  private final DataSource dataSource;
  private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  GroupCommit(DataSource dataSource) {
    this.dataSource = dataSource;
    // A platform thread: it does nothing but blocking JDBC and file I/O.
    this.writer = Thread.ofPlatform().daemon().name("squall-store-writer").start(this::loop);
  }

  <T> CompletableFuture<T> submit(SqlWork<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("the store is closed"));
      return result;
    }
    queue.add(new Pending<>(work, result));
    return result;
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
    // A write that raced with close() gets an answer rather than hanging its caller.
    for (Pending<?> p; (p = queue.poll()) != null; ) {
      p.result().completeExceptionally(new IllegalStateException("the store is closed"));
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    List<Object> results = new ArrayList<>(batch.size());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (Pending<?> p : batch) {
          results.add(p.work().run(c));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        if (batch.size() == 1 || e instanceof SQLException s && StoreFaults.isOutage(s)) {
          // Alone, or the store is gone: retrying each write on it would only fail again.
          batch.forEach(p -> fail(p, e));
          return;
        }
        runOneByOne(c, batch);
        return;
      }
    } catch (SQLException e) {
      batch.forEach(p -> fail(p, e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results.get(i));
    }
  }

  private void runOneByOne(Connection c, List<Pending<?>> batch) throws SQLException {
    for (Pending<?> p : batch) {
      try {
        Object r = p.work().run(c);
        c.commit();
        complete(p, r);
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        fail(p, e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Object value) {
    p.result().complete((T) value);
  }

  private void fail(Pending<?> p, Exception e) {
    if (e instanceof SQLException s) {
      RuntimeException error = StoreFaults.translate(dataSource, "store write failed", s);
      if (error instanceof StoreException) { // an outage is logged once, by the pool
        LOG.log(System.Logger.Level.WARNING, "store write failed", e);
      }
      p.result().completeExceptionally(error);
    } else {
      LOG.log(System.Logger.Level.WARNING, "store write failed", e);
      p.result().completeExceptionally(new StoreException("store write failed: " + e.getMessage(), e));
    }
  }

  /** A rollback on a connection the store has already lost fails too; the write failed anyway. */
  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone with its transaction
    }
  }

  /** Finishes every write already submitted, then stops. */
  @Override
  public void close() {
    // No interrupt: H2 closes its file channel when a thread doing I/O is interrupted. The
    // writer notices the flag within one poll interval.
    closed = true;
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
