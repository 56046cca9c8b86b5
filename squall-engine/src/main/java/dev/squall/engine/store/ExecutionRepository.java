package dev.squall.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.execution.Execution;
import dev.squall.engine.execution.Execution.StatusChange;
import dev.squall.engine.execution.ExecutionQuery;
import dev.squall.engine.execution.ExecutionStatus;
import dev.squall.engine.execution.OutputLine;
import dev.squall.engine.execution.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Executions and their output in the store. Writes are group-committed by {@link Database}; a
 * status change is optimistic (it names the status it expects to replace) and never leaves a
 * terminal status, so a late runner can never overwrite a cancel or an abandon.
 */
public final class ExecutionRepository {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, String>>> LOG = new TypeReference<>() {};
  private static final String COLUMNS = "id, action_ref, runner_type, status, parameters, context,"
      + " result, log, start_ts, end_ts";

  private final Database db;
  private final ObjectMapper json = new ObjectMapper();

  public ExecutionRepository(Database db) {
    this.db = db;
  }

  /**
   * Stores a new execution.
   *
   * @throws IllegalArgumentException a parameter or context value cannot be written as JSON
   */
  public void insert(Execution e) {
    // JSON is written on the caller's thread: the single writer thread only binds values.
    String parameters = toJson(e.parameters());
    String context = toJson(e.context());
    String result = toJson(e.result());
    String log = logJson(e.log());
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO executions (" + COLUMNS
          + ", username, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, e.id());
        ps.setString(2, e.actionRef());
        ps.setString(3, e.runnerType());
        ps.setString(4, e.status().wire());
        ps.setString(5, parameters);
        ps.setString(6, context);
        ps.setString(7, result);
        ps.setString(8, log);
        ps.setObject(9, odt(e.startTimestamp()));
        ps.setObject(10, odt(e.endTimestamp()));
        ps.setString(11, stringOrNull(e.context().get("user")));
        ps.setString(12, parentId(e.context()));
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Replaces status, result, log and end time with those of {@code next}, if the stored status
   * is still {@code expected}.
   *
   * @return false when the row is missing or its status has moved on (nothing was written)
   */
  public boolean transition(Execution next, ExecutionStatus expected) {
    if (expected.isTerminal()) {
      return false;
    }
    String result = toJson(next.result());
    String log = logJson(next.log());
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET status = ?,"
          + " result = ?, log = ?, end_ts = ? WHERE id = ? AND status = ?")) {
        ps.setString(1, next.status().wire());
        ps.setString(2, result);
        ps.setString(3, log);
        ps.setObject(4, odt(next.endTimestamp()));
        ps.setString(5, next.id());
        ps.setString(6, expected.wire());
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** Queues output lines for the next group commit; they are stored in the order queued. */
  public CompletableFuture<Void> appendOutput(List<OutputLine> lines) {
    if (lines.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<OutputLine> copy = List.copyOf(lines);
    return db.writeLater(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution_output"
          + " (execution_id, seq, stream, line, ts) VALUES (?, ?, ?, ?, ?)")) {
        for (OutputLine l : copy) {
          ps.setString(1, l.executionId());
          ps.setLong(2, l.seq());
          ps.setString(3, l.stream());
          ps.setString(4, l.line());
          ps.setObject(5, odt(l.timestamp()));
          ps.addBatch();
        }
        ps.executeBatch();
        return null;
      }
    });
  }

  public List<OutputLine> output(String executionId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, stream, line, ts FROM"
          + " execution_output WHERE execution_id = ? ORDER BY seq")) {
        ps.setString(1, executionId);
        List<OutputLine> lines = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            lines.add(new OutputLine(executionId, rs.getLong(1), rs.getString(2),
                rs.getString(3), instant(rs, 4)));
          }
        }
        return List.copyOf(lines);
      }
    });
  }

  public Optional<Execution> find(String id) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM executions WHERE id = ?")) {
        ps.setString(1, id);
        List<Execution> found = readAll(ps);
        return found.stream().findFirst();
      }
    });
  }

  /** @throws NotFoundException {@code Execution with id "X" not found} */
  public Execution get(String id) {
    return find(id).orElseThrow(
        () -> new NotFoundException("Execution with id \"" + id + "\" not found"));
  }

  /** Executions matching the query, newest first, with the total count over all pages. */
  public Page<Execution> list(ExecutionQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(where, args, "action_ref = ?", q.actionRef());
    filter(where, args, "status = ?", q.status() == null ? null : q.status().wire());
    filter(where, args, "username = ?", q.user());
    filter(where, args, "start_ts >= ?", odt(q.since()));
    filter(where, args, "start_ts < ?", odt(q.until()));
    filter(where, args, "parent_id = ?", q.parentId());
    return db.read(c -> {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM executions" + where)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      String sql = "SELECT " + COLUMNS + " FROM executions" + where
          + " ORDER BY start_ts DESC, id DESC OFFSET ? ROWS"
          + (q.limit() > 0 ? " FETCH NEXT ? ROWS ONLY" : "");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int n = bind(ps, args);
        ps.setInt(++n, q.offset());
        if (q.limit() > 0) {
          ps.setInt(++n, q.limit());
        }
        return new Page<>(readAll(ps), total, q.offset(), q.limit());
      }
    });
  }

  /** Executions in any of these statuses, oldest first (the order to resume them in). */
  public List<Execution> findByStatuses(Collection<ExecutionStatus> statuses) {
    if (statuses.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", statuses.stream().map(s -> "?").toList());
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM executions"
          + " WHERE status IN (" + marks + ") ORDER BY start_ts, id")) {
        int i = 0;
        for (ExecutionStatus s : statuses) {
          ps.setString(++i, s.wire());
        }
        return readAll(ps);
      }
    });
  }

  private static void filter(StringBuilder where, List<Object> args, String clause, Object value) {
    if (value != null) {
      where.append(" AND ").append(clause);
      args.add(value);
    }
  }

  private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
    return args.size();
  }

  private List<Execution> readAll(PreparedStatement ps) throws SQLException {
    List<Execution> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Execution(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            fromJson(rs.getString(5)),
            fromJson(rs.getString(6)),
            ExecutionStatus.fromWire(rs.getString(4)),
            instant(rs, 9),
            instant(rs, 10),
            fromJson(rs.getString(7)),
            readLog(rs.getString(8))));
      }
    }
    return out;
  }

  /** The parent execution id from StackStorm's {@code context.parent.execution_id}. */
  static String parentId(Map<String, Object> context) {
    Object parent = context.get("parent");
    if (parent instanceof Map<?, ?> m) {
      return stringOrNull(m.get("execution_id"));
    }
    return stringOrNull(parent);
  }

  private static String stringOrNull(Object o) {
    return o == null ? null : o.toString();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be stored as JSON: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> fromJson(String text) {
    try {
      return java.util.Collections.unmodifiableMap(json.readValue(text, MAP));
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON is corrupt: " + e.getMessage(), e);
    }
  }

  private String logJson(List<StatusChange> log) {
    List<Map<String, String>> entries = new ArrayList<>(log.size());
    for (StatusChange s : log) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("status", s.status().wire());
      m.put("timestamp", s.timestamp().toString());
      entries.add(m);
    }
    return toJson(entries);
  }

  private List<StatusChange> readLog(String text) {
    try {
      return json.readValue(text, LOG).stream()
          .map(m -> new StatusChange(ExecutionStatus.fromWire(m.get("status")),
              Instant.parse(m.get("timestamp"))))
          .toList();
    } catch (JsonProcessingException e) {
      throw new StoreException("stored log is corrupt: " + e.getMessage(), e);
    }
  }

  private static OffsetDateTime odt(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
