package dev.squall.engine.rules;

import dev.squall.core.rule.Rule;
import dev.squall.engine.jdbc.Jdbc;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Rules switched on or off by an operator (API, CLI), which win over the {@code enabled} of the
 * rule's file and survive restarts.
 */
public final class RuleSwitches {

  private final Jdbc jdbc;
  private final Clock clock;

  public RuleSwitches(DataSource db, Clock clock) {
    this.jdbc = new Jdbc(db, "rule switches");
    this.clock = clock;
  }

  public void set(String ruleRef, boolean enabled) {
    jdbc.update("DELETE FROM rule_switches WHERE rule_ref = ?", ps -> ps.setString(1, ruleRef));
    jdbc.update("INSERT INTO rule_switches (rule_ref, enabled, updated_at) VALUES (?, ?, ?)", ps -> {
      ps.setString(1, ruleRef);
      ps.setBoolean(2, enabled);
      ps.setObject(3, Jdbc.ts(clock.instant()));
    });
  }

  /** The rules as they should run: each one's switch, where an operator set one, applied. */
  public List<Rule> apply(List<Rule> rules) {
    Map<String, Boolean> switches = jdbc.query("SELECT rule_ref, enabled FROM rule_switches", ps -> { }, rs -> {
      Map<String, Boolean> m = new HashMap<>();
      while (rs.next()) {
        m.put(rs.getString(1), rs.getBoolean(2));
      }
      return m;
    });
    return rules.stream().map(r -> switches.containsKey(r.ref()) ? r.withEnabled(switches.get(r.ref())) : r).toList();
  }
}
