package dev.squall.engine.policy;

import dev.squall.engine.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The slots of concurrency policies ({@code policy_slots}), counted across every node on the
 * store. Taking a slot locks the policy's row in {@code policy_locks} for the transaction, so
 * the count and the take are one step for all nodes: no slot is counted twice. Slots of
 * executions that have ended (or were lost with their node and abandoned) no longer count; they
 * are swept under the same lock. Waiters are served oldest first.
 */
public final class PolicySlots {

  /** Statuses in which an execution may hold or wait for a slot. */
  private static final String ALIVE =
      "('requested', 'delayed', 'scheduled', 'running', 'canceling', 'pending', 'paused')";

  private final Jdbc jdbc;

  public PolicySlots(DataSource db) {
    this.jdbc = new Jdbc(db, "policy slots");
  }

  /**
   * Takes one of {@code threshold} slots of {@code key} for the execution when one is free and
   * no older waiter needs it; otherwise records it as waiting (it keeps its place in line).
   *
   * @return true when the execution now holds a slot
   */
  public boolean take(String key, int threshold, String executionId, Instant requestedAt) {
    boolean[] taken = {false};
    jdbc.transaction(c -> {
      if (!lock(c, key)) {
        // First use of this key: a concurrent first insert fails 23505 and the work runs again.
        Jdbc.update(c, "INSERT INTO policy_locks (policy_key) VALUES (?)", ps -> ps.setString(1, key));
        lock(c, key);
      }
      Jdbc.update(c, "DELETE FROM policy_slots WHERE policy_key = ? AND execution_id NOT IN"
          + " (SELECT id FROM executions WHERE status IN " + ALIVE + ")", ps -> ps.setString(1, key));
      long held = count(c, "SELECT COUNT(*) FROM policy_slots WHERE policy_key = ? AND held"
          + " AND execution_id <> ?", key, executionId, null);
      long ahead = count(c, "SELECT COUNT(*) FROM policy_slots WHERE policy_key = ? AND NOT held"
          + " AND execution_id <> ? AND (requested_at < ? OR (requested_at = ? AND execution_id < ?))",
          key, executionId, requestedAt);
      taken[0] = held + ahead < threshold;
      Jdbc.update(c, "DELETE FROM policy_slots WHERE policy_key = ? AND execution_id = ?", ps -> {
        ps.setString(1, key);
        ps.setString(2, executionId);
      });
      Jdbc.update(c, "INSERT INTO policy_slots (policy_key, execution_id, held, requested_at)"
          + " VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, key);
            ps.setString(2, executionId);
            ps.setBoolean(3, taken[0]);
            ps.setObject(4, Jdbc.ts(requestedAt));
          });
    });
    return taken[0];
  }

  /** Gives back every slot the execution holds or waits for. */
  public void release(String executionId) {
    jdbc.update("DELETE FROM policy_slots WHERE execution_id = ?", ps -> ps.setString(1, executionId));
  }

  /** The execution keeps its places in line but holds no slot. */
  public void unhold(String executionId) {
    jdbc.update("UPDATE policy_slots SET held = FALSE WHERE execution_id = ? AND held",
        ps -> ps.setString(1, executionId));
  }

  /** How many executions hold a slot of {@code key} now. */
  public int held(String key) {
    return jdbc.query("SELECT COUNT(*) FROM policy_slots WHERE policy_key = ? AND held",
        ps -> ps.setString(1, key), rs -> rs.next() ? rs.getInt(1) : 0);
  }

  private static boolean lock(java.sql.Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT policy_key FROM policy_locks WHERE policy_key = ? FOR UPDATE")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static long count(java.sql.Connection c, String sql, String key, String executionId,
      Instant requestedAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      ps.setString(2, executionId);
      if (requestedAt != null) {
        ps.setObject(3, Jdbc.ts(requestedAt));
        ps.setObject(4, Jdbc.ts(requestedAt));
        ps.setString(5, executionId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
