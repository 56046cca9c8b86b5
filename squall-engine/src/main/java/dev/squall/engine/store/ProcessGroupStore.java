package dev.squall.engine.store;

import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ProcessGroup;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process group each execution's runner started (the {@code process_*} columns of the
 * executions table), so that one a dead server left running can be found and killed. Writes
 * are group-committed with the executions'.
 */
public final class ProcessGroupStore {

  private static final String PROCESS_COLUMNS =
      "process_host, process_boot, process_leader, process_start";

  private final Database db;

  ProcessGroupStore(Database db) {
    this.db = db;
  }

  /** Records the process group a runner started for an execution (see {@link ProcessGroup}). */
  public void recordProcess(String executionId, ProcessGroup group) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET process_host = ?,"
          + " process_boot = ?, process_leader = ?, process_start = ? WHERE id = ?")) {
        ps.setString(1, group.host());
        ps.setString(2, group.boot());
        ps.setLong(3, group.leader());
        ps.setLong(4, group.startTicks());
        ps.setString(5, executionId);
        return ps.executeUpdate();
      }
    });
  }

  /** The process group recorded for an execution; empty when none is (or no such execution). */
  public Optional<ProcessGroup> process(String executionId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
          + " FROM executions WHERE id = ? AND process_leader IS NOT NULL")) {
        ps.setString(1, executionId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(readProcess(rs, 1)) : Optional.empty();
        }
      }
    });
  }

  /** The recorded process groups on {@code host} of executions in {@code status}, oldest first. */
  public Map<String, ProcessGroup> processes(ExecutionStatus status, String host) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, " + PROCESS_COLUMNS
          + " FROM executions WHERE status = ? AND process_host = ?"
          + " AND process_leader IS NOT NULL ORDER BY start_ts, id")) {
        ps.setString(1, status.wire());
        ps.setString(2, host);
        Map<String, ProcessGroup> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), readProcess(rs, 2));
          }
        }
        return Collections.unmodifiableMap(out);
      }
    });
  }

  /** Forgets an execution's process group once dealt with, unless another was recorded since. */
  public void forgetProcess(String executionId, ProcessGroup group) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET process_host = NULL,"
          + " process_boot = NULL, process_leader = NULL, process_start = NULL"
          + " WHERE id = ? AND process_leader = ? AND process_start = ?")) {
        ps.setString(1, executionId);
        ps.setLong(2, group.leader());
        ps.setLong(3, group.startTicks());
        return ps.executeUpdate();
      }
    });
  }

  /** The process group in the {@link #PROCESS_COLUMNS} starting at column {@code first}. */
  private static ProcessGroup readProcess(ResultSet rs, int first) throws SQLException {
    return new ProcessGroup(rs.getString(first), rs.getString(first + 1), rs.getLong(first + 2),
        rs.getLong(first + 3));
  }
}
