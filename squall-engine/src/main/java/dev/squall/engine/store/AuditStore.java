package dev.squall.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.engine.audit.model.AuditKind;
import dev.squall.engine.audit.model.AuditOutcome;
import dev.squall.engine.audit.model.AuditQuery;
import dev.squall.engine.audit.model.AuditRecord;
import dev.squall.engine.execution.model.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code audit_records} table. Writes go through the group-commit writer without waiting
 * ({@link Database#writeLater}), so recording a chat command costs its caller a queue insert, and
 * a record's final status never overtakes its insert. Reads use the pool.
 */
public final class AuditStore {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> MAPS = new TypeReference<>() {};
  private static final String COLUMNS = "id, at, kind, outcome, username, adapter, room, thread, chat_user,"
      + " command, alias_ref, action_ref, parameters, execution_ids, status, approvals, method, path,"
      + " http_status, detail, ended_at";
  /** Longest command text and detail kept (the bot's own line limit is far shorter). */
  private static final int MAX_TEXT = 4000;

  private final Database db;
  private final ObjectMapper json = new ObjectMapper();

  public AuditStore(Database db) {
    this.db = db;
  }

  /** Queues the insert of a record that has its id and time. */
  public CompletableFuture<Void> insert(AuditRecord r) {
    String parameters = write(r.parameters());
    String ids = write(r.executionIds());
    String approvals = write(r.approvals());
    return db.writeLater(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_records (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int n = 0;
        ps.setString(++n, r.id());
        ps.setObject(++n, Timestamps.ts(r.at()));
        ps.setString(++n, r.kind().wire());
        ps.setString(++n, r.outcome().wire());
        ps.setString(++n, r.user());
        ps.setString(++n, r.adapter());
        ps.setString(++n, cut(r.room(), 400));
        ps.setString(++n, cut(r.thread(), 400));
        ps.setString(++n, cut(r.chatUser(), 500));
        ps.setString(++n, cut(r.command(), MAX_TEXT));
        ps.setString(++n, r.aliasRef());
        ps.setString(++n, r.actionRef());
        ps.setString(++n, parameters);
        ps.setString(++n, ids);
        ps.setString(++n, r.status());
        ps.setString(++n, approvals);
        ps.setString(++n, r.method());
        ps.setString(++n, cut(r.path(), 1000));
        if (r.httpStatus() == null) {
          ps.setNull(++n, Types.INTEGER);
        } else {
          ps.setInt(++n, r.httpStatus());
        }
        ps.setString(++n, cut(r.detail(), 1000));
        ps.setObject(++n, Timestamps.ts(r.endedAt()));
        ps.executeUpdate();
        return null;
      }
    });
  }

  /** Queues the final status and approvals of a record's executions. */
  public CompletableFuture<Void> ended(AuditRecord r) {
    String approvals = write(r.approvals());
    return db.writeLater(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE audit_records SET status = ?, approvals = ?, ended_at = ? WHERE id = ?")) {
        ps.setString(1, r.status());
        ps.setString(2, approvals);
        ps.setObject(3, Timestamps.ts(r.endedAt()));
        ps.setString(4, r.id());
        ps.executeUpdate();
        return null;
      }
    });
  }

  public Optional<AuditRecord> find(String id) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_records WHERE id = ?")) {
        ps.setString(1, id);
        List<AuditRecord> found = readAll(ps);
        return found.stream().findFirst();
      }
    });
  }

  /**
   * The records that name executions and have no final status yet (the process that followed
   * them stopped before they ended), oldest first.
   */
  public List<AuditRecord> open() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_records"
          + " WHERE ended_at IS NULL AND outcome = ? ORDER BY at, id")) {
        ps.setString(1, AuditOutcome.RAN.wire());
        return readAll(ps).stream().filter(r -> !r.executionIds().isEmpty()).toList();
      }
    });
  }

  public Page<AuditRecord> list(AuditQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(where, args, "username = ?", q.user());
    filter(where, args, "chat_user = ?", q.chatUser());
    filter(where, args, "room = ?", q.room());
    if (q.action() != null) {
      where.append(" AND (action_ref = ? OR alias_ref = ?)");
      args.add(q.action());
      args.add(q.action());
    }
    filter(where, args, "status = ?", q.status());
    filter(where, args, "outcome = ?", q.outcome() == null ? null : q.outcome().wire());
    filter(where, args, "at >= ?", Timestamps.ts(q.since()));
    filter(where, args, "at < ?", Timestamps.ts(q.until()));
    return db.read(c -> {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_records" + where)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      String sql = "SELECT " + COLUMNS + " FROM audit_records" + where
          + " ORDER BY at DESC, id DESC OFFSET ? ROWS" + (q.limit() > 0 ? " FETCH NEXT ? ROWS ONLY" : "");
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

  private List<AuditRecord> readAll(PreparedStatement ps) throws SQLException {
    List<AuditRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int httpStatus = rs.getInt(19);
        Integer http = rs.wasNull() ? null : httpStatus;
        out.add(new AuditRecord(rs.getString(1), Timestamps.instant(rs, 2),
            AuditKind.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
            AuditOutcome.of(rs.getString(4)).orElse(AuditOutcome.FAILED), rs.getString(5), rs.getString(6),
            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
            rs.getString(12), read(rs.getString(13), MAP), read(rs.getString(14), STRINGS),
            rs.getString(15), read(rs.getString(16), MAPS), rs.getString(17), rs.getString(18), http,
            rs.getString(20), Timestamps.instant(rs, 21)));
      }
    }
    return out;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit record field is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored audit record field is not JSON", e);
    }
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
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
}
