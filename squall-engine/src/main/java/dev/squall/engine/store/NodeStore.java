package dev.squall.engine.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code nodes} table: one row per live node sharing the store, with its last heartbeat.
 * Which executions a gone node held is read from the executions table
 * ({@link ExecutionRepository#orphans}). Writes are group-committed with the executions'.
 */
public final class NodeStore {

  private final Database db;

  NodeStore(Database db) {
    this.db = db;
  }

  /**
   * Records that node {@code nodeId} is alive at {@code now}; registers it (started at
   * {@code startedAt}) when it has no row, at its first beat or after another node forgot it.
   */
  public void heartbeat(String nodeId, Instant startedAt, Instant now) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE nodes SET heartbeat_at = ? WHERE id = ?")) {
        ps.setObject(1, Timestamps.ts(now));
        ps.setString(2, nodeId);
        if (ps.executeUpdate() == 1) {
          return null;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO nodes (id, started_at, heartbeat_at) VALUES (?, ?, ?)")) {
        ps.setString(1, nodeId);
        ps.setObject(2, Timestamps.ts(startedAt));
        ps.setObject(3, Timestamps.ts(now));
        ps.executeUpdate();
        return null;
      }
    });
  }

  /** Deletes a node's row: the others see it gone at once. */
  public void removeNode(String nodeId) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE id = ?")) {
        ps.setString(1, nodeId);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Deletes the rows of gone nodes (heartbeat before {@code aliveSince}; null: every node but
   * {@code self}), which mean the same as no row.
   */
  public void forgetGoneNodes(String self, Instant aliveSince) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE id <> ?"
          + (aliveSince == null ? "" : " AND heartbeat_at < ?"))) {
        ps.setString(1, self);
        if (aliveSince != null) {
          ps.setObject(2, Timestamps.ts(aliveSince));
        }
        return ps.executeUpdate();
      }
    });
  }

  /** The nodes with a row, by id, with their last heartbeat. */
  public Map<String, Instant> all() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, heartbeat_at FROM nodes ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        Map<String, Instant> out = new LinkedHashMap<>();
        while (rs.next()) {
          out.put(rs.getString(1), Timestamps.instant(rs, 2));
        }
        return Collections.unmodifiableMap(out);
      }
    });
  }
}
