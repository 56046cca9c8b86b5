package dev.squall.engine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.engine.jdbc.Jdbc;
import dev.squall.engine.store.StoreFaults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** The notifier's tables: which executions were handled, and one row per delivery. */
final class Outbox {

  static final List<String> TERMINAL = List.of("succeeded", "failed", "timeout", "canceled",
      "abandoned");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String COLUMNS = "id, execution_id, section, route, status, attempts,"
      + " last_error, created_at, next_attempt_at, delivered_at, notification";

  /**
   * Held by another node that is gone: no heartbeat since the given instant, or, when that is
   * NULL (a store only one process opens), any other node at all.
   */
  private static final String HOLDER_GONE = "(claimed_by IS NOT NULL AND claimed_by <> ?"
      + " AND (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR NOT EXISTS (SELECT 1 FROM nodes n"
      + " WHERE n.id = notify_outbox.claimed_by AND n.heartbeat_at >= ?)))";

  /**
   * Deliverable by {@code self}: a row that names no lease, one whose lease {@code self} holds for
   * a while yet (until after the given instant, so a holder about to be fenced claims nothing), or
   * one whose {@code node:} lease (the node a web chat user is connected to) no node holds any
   * more: that node is gone, and so is the user's connection, so any node may try and fail.
   */
  private static final String LEASE_HELD = "(notify_outbox.lease IS NULL OR EXISTS (SELECT 1 FROM"
      + " leases l WHERE l.name = notify_outbox.lease AND l.holder = ? AND l.expires_at > ?)"
      + " OR (notify_outbox.lease LIKE 'node:%' AND NOT EXISTS (SELECT 1 FROM leases l"
      + " WHERE l.name = notify_outbox.lease AND l.expires_at > ?)))";

  private final DataSource db;
  private final Jdbc jdbc;

  Outbox(DataSource db) {
    this.db = db;
    this.jdbc = new Jdbc(db, "notify outbox");
  }

  /** How many deliveries wait to be made (pending, due or not). */
  long pending() {
    return jdbc.query("SELECT COUNT(*) FROM notify_outbox WHERE status = 'pending'", ps -> { },
        rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  /** How many deliveries wait to be made, by route (routes with none are absent). */
  Map<String, Long> pendingByRoute() {
    return jdbc.query("SELECT route, COUNT(*) FROM notify_outbox WHERE status = 'pending' GROUP BY route",
        ps -> { }, rs -> {
          Map<String, Long> out = new java.util.TreeMap<>();
          while (rs.next()) {
            out.put(rs.getString(1), rs.getLong(2));
          }
          return out;
        });
  }

  /** Terminal executions with no notifications written yet, oldest first. */
  List<String> unprocessed(int limit) {
    return jdbc.query("SELECT e.id FROM executions e WHERE e.notified = FALSE AND e.status IN"
        + " ('succeeded', 'failed', 'timeout', 'canceled', 'abandoned') ORDER BY e.end_ts, e.id LIMIT "
        + limit, ps -> { },
        rs -> {
          List<String> ids = new ArrayList<>();
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
          return ids;
        });
  }

  /**
   * One finished execution and the notifications it produces (possibly none).
   *
   * @param leases the lease a node must hold to deliver each notification, by index; null (or an
   *     entry null) when any node may
   */
  record Handled(String executionId, List<Notification> notifications, List<String> leases) {

    String lease(int i) {
      return leases == null ? null : leases.get(i);
    }
  }

  /**
   * Marks executions handled and writes their deliveries, all in one transaction (one commit per
   * pass, however many executions ended). Returns the ids actually recorded: one already handled
   * (by an earlier pass or another node) is skipped with its notifications.
   */
  Set<String> record(List<Handled> batch, Instant now) {
    Set<String> recorded = new LinkedHashSet<>();
    if (batch.isEmpty()) {
      return recorded;
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement mark = c.prepareStatement(
              "UPDATE executions SET notified = TRUE WHERE id = ? AND notified = FALSE");
          PreparedStatement row = c.prepareStatement("INSERT INTO notify_outbox (" + COLUMNS
              + ", lease) VALUES (?, ?, ?, ?, 'pending', 0, NULL, ?, ?, NULL, ?, ?)")) {
        boolean rows = false;
        for (Handled h : batch) {
          mark.setString(1, h.executionId());
          if (mark.executeUpdate() == 0) {
            continue;
          }
          recorded.add(h.executionId());
          for (int i = 0; i < h.notifications().size(); i++) {
            Notification n = h.notifications().get(i);
            row.setString(8, h.lease(i));
            row.setString(1, UUID.randomUUID().toString());
            row.setString(2, h.executionId());
            row.setString(3, n.section());
            row.setString(4, n.route());
            row.setObject(5, Jdbc.ts(now));
            row.setObject(6, Jdbc.ts(now));
            row.setString(7, JSON.writeValueAsString(n.payload()));
            row.addBatch();
            rows = true;
          }
        }
        if (rows) {
          row.executeBatch();
        }
        c.commit();
        return recorded;
      } catch (SQLException e) {
        c.rollback();
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
          return Set.of(); // another node raced us; the next pass sorts it out
        }
        throw e;
      } catch (JsonProcessingException e) {
        c.rollback();
        throw new IllegalStateException("a notification cannot be stored as JSON: "
            + e.getOriginalMessage(), e);
      }
    } catch (SQLException e) {
      throw StoreFaults.translate(db, "notify outbox", e);
    }
  }

  /**
   * Pending deliveries due at {@code now}, and those whose lease holder is gone: a node other than
   * {@code self} without a heartbeat since {@code aliveSince} (null: every other node is gone).
   */
  List<Delivery> due(Instant now, String self, Instant aliveSince, Instant leasedUntil, int limit) {
    return jdbc.query("SELECT " + COLUMNS + " FROM notify_outbox WHERE status = 'pending'"
        + " AND (next_attempt_at <= ? OR " + HOLDER_GONE + ") AND " + LEASE_HELD
        + " ORDER BY next_attempt_at, id LIMIT " + limit,
        ps -> {
          ps.setObject(1, Jdbc.ts(now));
          holderGone(ps, 2, self, aliveSince);
          ps.setString(5, self);
          ps.setObject(6, Jdbc.ts(leasedUntil));
          ps.setObject(7, Jdbc.ts(now));
        }, Outbox::deliveries);
  }

  /**
   * Reserves a delivery for {@code self} until {@code until}; false when another node or thread
   * has it (a live holder's lease not yet run out, or a pass that claimed it first).
   */
  boolean claim(Delivery d, Instant now, Instant until, String self, Instant aliveSince,
      Instant leasedUntil) {
    return jdbc.update("UPDATE notify_outbox SET next_attempt_at = ?, claimed_by = ? WHERE id = ?"
        + " AND status = 'pending' AND attempts = ? AND (next_attempt_at <= ? OR " + HOLDER_GONE + ")"
        + " AND " + LEASE_HELD,
        ps -> {
          ps.setObject(1, Jdbc.ts(until));
          ps.setString(2, self);
          ps.setString(3, d.id());
          ps.setInt(4, d.attempts());
          ps.setObject(5, Jdbc.ts(now));
          holderGone(ps, 6, self, aliveSince);
          ps.setString(9, self);
          ps.setObject(10, Jdbc.ts(leasedUntil));
          ps.setObject(11, Jdbc.ts(now));
        }) == 1;
  }

  /** Extends {@code self}'s lease on a delivery in flight; false once it is no longer held. */
  boolean renew(Delivery d, String self, Instant until) {
    return jdbc.update("UPDATE notify_outbox SET next_attempt_at = ? WHERE id = ?"
        + " AND status = 'pending' AND attempts = ? AND claimed_by = ?", ps -> {
          ps.setObject(1, Jdbc.ts(until));
          ps.setString(2, d.id());
          ps.setInt(3, d.attempts());
          ps.setString(4, self);
        }) == 1;
  }

  /** Binds {@link #HOLDER_GONE}'s parameters from {@code index}. */
  private static void holderGone(PreparedStatement ps, int index, String self, Instant aliveSince)
      throws SQLException {
    Object since = aliveSince == null ? null : Jdbc.ts(aliveSince);
    ps.setString(index, self);
    ps.setObject(index + 1, since, Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setObject(index + 2, since, Types.TIMESTAMP_WITH_TIMEZONE);
  }

  void delivered(Delivery d, Instant now) {
    jdbc.update("UPDATE notify_outbox SET status = 'delivered', attempts = ?, delivered_at = ?,"
        + " last_error = NULL, claimed_by = NULL WHERE id = ?", ps -> {
          ps.setInt(1, d.attempts() + 1);
          ps.setObject(2, Jdbc.ts(now));
          ps.setString(3, d.id());
        });
  }

  /** Records a failed attempt: pending again at {@code retryAt}, or failed for good if null. */
  void attemptFailed(Delivery d, String error, Instant retryAt) {
    jdbc.update("UPDATE notify_outbox SET status = ?, attempts = ?, last_error = ?,"
        + " next_attempt_at = COALESCE(?, next_attempt_at), claimed_by = NULL WHERE id = ?", ps -> {
          ps.setString(1, retryAt == null ? "failed" : "pending");
          ps.setInt(2, d.attempts() + 1);
          ps.setString(3, error);
          ps.setObject(4, Jdbc.ts(retryAt));
          ps.setString(5, d.id());
        });
  }

  List<Delivery> forExecution(String executionId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM notify_outbox WHERE execution_id = ?"
        + " ORDER BY created_at, section, route", ps -> ps.setString(1, executionId),
        Outbox::deliveries);
  }

  private static List<Delivery> deliveries(ResultSet rs) throws SQLException {
    List<Delivery> out = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> payload;
      try {
        payload = JSON.readValue(rs.getString(11), MAP);
      } catch (JsonProcessingException e) {
        throw new SQLException("stored notification is not JSON: " + e.getOriginalMessage(), e);
      }
      String section = rs.getString(3);
      out.add(new Delivery(rs.getString(1), rs.getString(2), section, rs.getString(4),
          Delivery.Status.fromWire(rs.getString(5)), rs.getInt(6), rs.getString(7),
          Jdbc.instant(rs, 8), Jdbc.instant(rs, 9), Jdbc.instant(rs, 10),
          Notification.fromPayload(section, payload)));
    }
    return out;
  }
}
