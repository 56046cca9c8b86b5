package dev.squall.engine.sensor;

import dev.squall.core.sensor.SensorDef;
import dev.squall.engine.jdbc.Jdbc;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Sensors switched on or off by an operator (API, CLI), which win over the {@code enabled} of the
 * sensor's file and survive restarts and pack reloads.
 */
public final class SensorSwitches {

  private final Jdbc jdbc;
  private final Clock clock;

  public SensorSwitches(DataSource db, Clock clock) {
    this.jdbc = new Jdbc(db, "sensor switches");
    this.clock = clock;
  }

  public void set(String sensorRef, boolean enabled) {
    jdbc.update("DELETE FROM sensor_switches WHERE sensor_ref = ?", ps -> ps.setString(1, sensorRef));
    jdbc.update("INSERT INTO sensor_switches (sensor_ref, enabled, updated_at) VALUES (?, ?, ?)",
        ps -> {
          ps.setString(1, sensorRef);
          ps.setBoolean(2, enabled);
          ps.setObject(3, Jdbc.ts(clock.instant()));
        });
  }

  /** The sensors as they should run: each one's switch, where an operator set one, applied. */
  public List<SensorDef> apply(List<SensorDef> sensors) {
    Map<String, Boolean> switches = jdbc.query("SELECT sensor_ref, enabled FROM sensor_switches",
        ps -> { }, rs -> {
          Map<String, Boolean> m = new HashMap<>();
          while (rs.next()) {
            m.put(rs.getString(1), rs.getBoolean(2));
          }
          return m;
        });
    return sensors.stream()
        .map(s -> switches.containsKey(s.ref()) ? s.withEnabled(switches.get(s.ref())) : s)
        .toList();
  }
}
