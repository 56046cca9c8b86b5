package dev.squall.engine.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.jdbc.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Trigger instances and rule enforcements in the store. */
final class TriggerStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String INSTANCE_COLUMNS = "id, trigger_ref, trigger_type,"
      + " trigger_parameters, payload, occurrence_time, status";
  private static final String ENFORCEMENT_COLUMNS = "id, rule_ref, trigger_instance_id,"
      + " execution_id, failure_reason, enforced_at";

  private final Jdbc jdbc;

  TriggerStore(DataSource db) {
    this.jdbc = new Jdbc(db, "rules");
  }

  void insert(TriggerInstance i) {
    String params = json(i.triggerParameters(), "trigger parameters");
    String payload = json(i.payload(), "trigger payload");
    jdbc.update("INSERT INTO trigger_instances (" + INSTANCE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
          ps.setString(1, i.id());
          ps.setString(2, i.triggerRef());
          ps.setString(3, i.triggerType());
          ps.setString(4, params);
          ps.setString(5, payload);
          ps.setObject(6, Jdbc.ts(i.occurrenceTime()));
          ps.setString(7, i.status());
        });
  }

  void setStatus(String id, String status) {
    jdbc.update("UPDATE trigger_instances SET status = ? WHERE id = ?", ps -> {
      ps.setString(1, status);
      ps.setString(2, id);
    });
  }

  Optional<TriggerInstance> instance(String id) {
    List<TriggerInstance> found = jdbc.query("SELECT " + INSTANCE_COLUMNS
        + " FROM trigger_instances WHERE id = ?", ps -> ps.setString(1, id), TriggerStore::instances);
    return found.stream().findFirst();
  }

  List<TriggerInstance> instances(String status, int limit) {
    return jdbc.query("SELECT " + INSTANCE_COLUMNS + " FROM trigger_instances"
        + (status == null ? "" : " WHERE status = ?")
        + " ORDER BY occurrence_time DESC, id DESC" + limit(limit), ps -> {
          if (status != null) {
            ps.setString(1, status);
          }
        }, TriggerStore::instances);
  }

  void insert(RuleEnforcement e) {
    jdbc.update("INSERT INTO rule_enforcements (" + ENFORCEMENT_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?)", ps -> {
          ps.setString(1, e.id());
          ps.setString(2, e.ruleRef());
          ps.setString(3, e.triggerInstanceId());
          ps.setString(4, e.executionId());
          ps.setString(5, e.failureReason());
          ps.setObject(6, Jdbc.ts(e.enforcedAt()));
        });
  }

  /** Newest first; null filters match everything. */
  List<RuleEnforcement> enforcements(String ruleRef, String triggerInstanceId, int limit) {
    List<String> where = new ArrayList<>();
    List<String> args = new ArrayList<>();
    if (ruleRef != null) {
      where.add("rule_ref = ?");
      args.add(ruleRef);
    }
    if (triggerInstanceId != null) {
      where.add("trigger_instance_id = ?");
      args.add(triggerInstanceId);
    }
    return jdbc.query("SELECT " + ENFORCEMENT_COLUMNS + " FROM rule_enforcements"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY enforced_at DESC, id DESC" + limit(limit), ps -> {
          for (int k = 0; k < args.size(); k++) {
            ps.setString(k + 1, args.get(k));
          }
        }, TriggerStore::enforcements);
  }

  private static List<RuleEnforcement> enforcements(ResultSet rs) throws SQLException {
    List<RuleEnforcement> out = new ArrayList<>();
    while (rs.next()) {
      out.add(new RuleEnforcement(rs.getString(1), rs.getString(2), rs.getString(3),
          rs.getString(4), rs.getString(5), Jdbc.instant(rs, 6)));
    }
    return out;
  }

  Optional<RuleEnforcement> enforcement(String id) {
    return jdbc.query("SELECT " + ENFORCEMENT_COLUMNS + " FROM rule_enforcements WHERE id = ?",
        ps -> ps.setString(1, id), TriggerStore::enforcements).stream().findFirst();
  }

  private static String limit(int limit) {
    return limit > 0 ? " LIMIT " + limit : "";
  }

  private static List<TriggerInstance> instances(ResultSet rs) throws SQLException {
    List<TriggerInstance> out = new ArrayList<>();
    while (rs.next()) {
      out.add(new TriggerInstance(rs.getString(1), rs.getString(2), rs.getString(3),
          map(rs.getString(4)), map(rs.getString(5)), Jdbc.instant(rs, 6), rs.getString(7)));
    }
    return out;
  }

  static String json(Object value, String what) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("The " + what + " cannot be stored as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  static Map<String, Object> map(String json) {
    try {
      return JSON.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  static NotFoundException instanceNotFound(String id) {
    return new NotFoundException("TriggerInstance with id \"" + id + "\" not found");
  }
}
