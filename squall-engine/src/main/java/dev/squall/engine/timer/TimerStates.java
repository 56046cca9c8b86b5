package dev.squall.engine.timer;

import dev.squall.engine.jdbc.Jdbc;
import dev.squall.engine.store.StoreException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The last fire of each timer, by trigger ref. */
final class TimerStates {

  private final Jdbc jdbc;

  TimerStates(DataSource db) {
    this.jdbc = new Jdbc(db, "timers");
  }

  Optional<Instant> lastFire(String triggerRef) {
    return jdbc.query("SELECT last_fire FROM timer_state WHERE trigger_ref = ?",
        ps -> ps.setString(1, triggerRef),
        rs -> rs.next() ? Optional.of(Jdbc.instant(rs, 1)) : Optional.<Instant>empty());
  }

  /** Records the first sight of a timer; false when a row exists (another node was first). */
  boolean create(String triggerRef, Instant at) {
    try {
      return jdbc.update("INSERT INTO timer_state (trigger_ref, last_fire) VALUES (?, ?)", ps -> {
        ps.setString(1, triggerRef);
        ps.setObject(2, Jdbc.ts(at));
      }) == 1;
    } catch (StoreException e) {
      if (lastFire(triggerRef).isPresent()) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Moves the last fire from {@code expected} to {@code next}; false when someone else (another
   * node sharing the store) already moved it, so each fire is dispatched by one node only.
   */
  boolean advance(String triggerRef, Instant expected, Instant next) {
    return jdbc.update("UPDATE timer_state SET last_fire = ? WHERE trigger_ref = ?"
        + " AND last_fire = ?", ps -> {
          ps.setObject(1, Jdbc.ts(next));
          ps.setString(2, triggerRef);
          ps.setObject(3, Jdbc.ts(expected));
        }) == 1;
  }
}
