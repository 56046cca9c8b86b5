package dev.squall.engine.retention;

import dev.squall.core.error.UnavailableException;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.jdbc.Jdbc;
import dev.squall.engine.retention.RetentionSettings.Cutoffs;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.engine.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Removes what is older than its retention: every {@link RetentionSettings#interval()} in the
 * background once {@link #start()}ed, and when an administrator asks ({@link #purge}).
 *
 * <p>Work goes in batches of {@link #BATCH} rows, each its own short transaction, so a purge of
 * a million rows never holds locks that stall the writes of running executions. Only finished
 * executions go (never one queued or running), and never one with a notification still to
 * deliver; trigger instances still being processed stay too. Every delete names the rows it
 * removes, so two nodes of a cluster purging at once only share the work.
 */
public final class Retention implements AutoCloseable {

  static final int BATCH = 500;

  private static final System.Logger LOG = System.getLogger(Retention.class.getName());
  private static final List<String> FINISHED = Arrays.stream(ExecutionStatus.values())
      .filter(ExecutionStatus::isTerminal).map(ExecutionStatus::wire).toList();
  private static final String FINISHED_IN = FINISHED.stream().map(s -> "'" + s + "'")
      .reduce((a, b) -> a + ", " + b).orElseThrow();

  private final Jdbc jdbc;
  private final RetentionSettings settings;
  private final Clock clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread loop;

  public Retention(DataSource db, RetentionSettings settings, Clock clock) {
    this.jdbc = new Jdbc(db, "retention");
    this.settings = settings;
    this.clock = clock;
  }

  public RetentionSettings settings() {
    return settings;
  }

  /** Purges now, then every interval, on a virtual thread, until {@link #close()}. */
  public synchronized void start() {
    if (loop == null) {
      loop = Thread.ofVirtual().name("squall-retention").start(this::run);
    }
  }

  /**
   * Removes what is older than the cutoffs.
   *
   * @throws StoreException the store failed; what earlier batches removed stays removed
   */
  public Purged purge(Cutoffs cutoffs) {
    Purged p = Purged.NOTHING;
    if (cutoffs.executions() != null) {
      p = p.plus(new Purged(purgeExecutions(cutoffs.executions()), 0, 0, 0, 0, 0));
    }
    if (cutoffs.output() != null) {
      p = p.plus(new Purged(0, purgeOutput(cutoffs.output()), 0, 0, 0, 0));
    }
    if (cutoffs.triggerInstances() != null) {
      p = p.plus(new Purged(0, 0, purgeTriggerInstances(cutoffs.triggerInstances()),
          purgeRuleEnforcements(cutoffs.triggerInstances()), 0, 0));
    }
    if (cutoffs.tokens() != null) {
      p = p.plus(new Purged(0, 0, 0, 0, purgeTokens(cutoffs.tokens()), 0));
    }
    if (cutoffs.audit() != null) {
      p = p.plus(new Purged(0, 0, 0, 0, 0, purgeAudit(cutoffs.audit())));
    }
    return p;
  }

  /** Stops the background purge after the batch under way. */
  @Override
  public void close() {
    stop.countDown();
    Thread t;
    synchronized (this) {
      t = loop;
    }
    if (t != null) {
      try {
        // No interrupt: H2 closes its file when a thread doing I/O is interrupted.
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    do {
      try {
        Purged p = purge(settings.cutoffs(clock.instant()));
        if (!p.isEmpty()) {
          LOG.log(System.Logger.Level.INFO, "retention: removed " + p);
        }
      } catch (StoreException | UnavailableException e) { // a store outage: next interval
        LOG.log(System.Logger.Level.WARNING, "retention: purge failed, retrying in "
            + settings.interval() + ": " + e.getMessage());
      }
    } while (!awaitStop(settings.interval().toMillis()));
  }

  private boolean awaitStop(long millis) {
    try {
      return stop.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private long purgeExecutions(Instant before) {
    return batches("SELECT id FROM executions e WHERE end_ts < ? AND status IN (" + FINISHED_IN
        + ") AND NOT EXISTS (SELECT 1 FROM notify_outbox o WHERE o.execution_id = e.id"
        + " AND o.status = 'pending') ORDER BY end_ts, id FETCH FIRST " + BATCH + " ROWS ONLY",
        before,
        "DELETE FROM execution_output_chunks WHERE execution_id IN (%s)",
        "DELETE FROM notify_outbox WHERE execution_id IN (%s)",
        "DELETE FROM workflow_states WHERE execution_id IN (%s)", // a workflow's, or a chain's
        // Counted: the last delete's rows. Status checked again: finished is final.
        "DELETE FROM executions WHERE status IN (" + FINISHED_IN + ") AND id IN (%s)");
  }

  private long purgeOutput(Instant before) {
    return batches("SELECT id FROM executions e WHERE end_ts < ? AND status IN (" + FINISHED_IN
        + ") AND EXISTS (SELECT 1 FROM execution_output_chunks c WHERE c.execution_id = e.id)"
        + " ORDER BY end_ts, id FETCH FIRST " + BATCH + " ROWS ONLY",
        before,
        "DELETE FROM execution_output_chunks WHERE execution_id IN (%s)");
  }

  private long purgeTriggerInstances(Instant before) {
    return batches("SELECT id FROM trigger_instances WHERE occurrence_time < ?"
        + " AND status <> '" + TriggerInstance.PROCESSING + "'"
        + " ORDER BY occurrence_time, id FETCH FIRST " + BATCH + " ROWS ONLY",
        before,
        "DELETE FROM trigger_instances WHERE id IN (%s)");
  }

  private long purgeRuleEnforcements(Instant before) {
    return batches("SELECT id FROM rule_enforcements WHERE enforced_at < ?"
        + " ORDER BY enforced_at, id FETCH FIRST " + BATCH + " ROWS ONLY",
        before,
        "DELETE FROM rule_enforcements WHERE id IN (%s)");
  }

  private long purgeAudit(Instant before) {
    return batches("SELECT id FROM audit_records WHERE at < ?"
        + " ORDER BY at, id FETCH FIRST " + BATCH + " ROWS ONLY",
        before,
        "DELETE FROM audit_records WHERE id IN (%s)");
  }

  private long purgeTokens(Instant expiredBefore) {
    return batches("SELECT token_hash FROM tokens WHERE expiry < ?"
        + " ORDER BY expiry FETCH FIRST " + BATCH + " ROWS ONLY",
        expiredBefore,
        "DELETE FROM tokens WHERE token_hash IN (%s)");
  }

  /**
   * Selects up to {@link #BATCH} keys older than {@code before} and runs {@code deletes} on them
   * ({@code %s} is their list) in one transaction, until a batch comes back short.
   *
   * @return the rows the last delete of each batch removed, summed
   */
  private long batches(String select, Instant before, String... deletes) {
    long removed = 0;
    while (stop.getCount() > 0) {
      List<String> keys = keys(select, before);
      if (keys.isEmpty()) {
        return removed;
      }
      removed += delete(keys, deletes);
      if (keys.size() < BATCH) {
        return removed;
      }
    }
    return removed; // stopping: the rest waits for the next start
  }

  private List<String> keys(String select, Instant before) {
    return jdbc.query(select, ps -> ps.setObject(1, Jdbc.ts(before)), rs -> {
      List<String> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
      return keys;
    });
  }

  /** Runs {@code deletes} (each with a {@code %s} for the keys) in one transaction. */
  private long delete(List<String> keys, String... deletes) {
    String marks = String.join(", ", keys.stream().map(k -> "?").toList());
    long[] last = {0};
    jdbc.transaction(c -> {
      for (String sql : deletes) {
        last[0] = Jdbc.update(c, sql.formatted(marks), ps -> {
          for (int i = 0; i < keys.size(); i++) {
            ps.setString(i + 1, keys.get(i));
          }
        });
      }
    });
    return last[0];
  }
}
