package dev.squall.engine.cluster;

import dev.squall.engine.jdbc.Jdbc;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code leases} table. Every change is one SQL statement that compares and sets: a lease is
 * taken only once expired (and only from the epoch read), renewed and released only by its
 * holder at its epoch.
 */
public final class LeaseStore {

  private final Jdbc jdbc;

  public LeaseStore(DataSource db) {
    this.jdbc = new Jdbc(db, "leases");
  }

  public Optional<Lease> get(String name) {
    return jdbc.query("SELECT name, holder, epoch, expires_at FROM leases WHERE name = ?",
        ps -> ps.setString(1, name), rs -> rs.next() ? Optional.of(lease(rs)) : Optional.empty());
  }

  public List<Lease> all() {
    return jdbc.query("SELECT name, holder, epoch, expires_at FROM leases ORDER BY name", ps -> { },
        rs -> {
          List<Lease> out = new ArrayList<>();
          while (rs.next()) {
            out.add(lease(rs));
          }
          return out;
        });
  }

  /**
   * Takes {@code name} for {@code holder} until {@code until}, if no one holds it at {@code now};
   * the lease with its new epoch, or empty when another node holds it or took it first.
   */
  public Optional<Lease> acquire(String name, String holder, Instant now, Instant until) {
    Optional<Lease> current = get(name);
    if (current.isEmpty()) {
      try {
        jdbc.update("INSERT INTO leases (name, holder, epoch, expires_at) VALUES (?, ?, 1, ?)", ps -> {
          ps.setString(1, name);
          ps.setString(2, holder);
          ps.setObject(3, Jdbc.ts(until));
        });
        return Optional.of(new Lease(name, holder, 1, until));
      } catch (RuntimeException raced) {
        if (isDuplicate(raced)) {
          return Optional.empty(); // another node inserted it first
        }
        throw raced;
      }
    }
    Lease l = current.get();
    if (l.heldAt(now)) {
      return Optional.empty();
    }
    long epoch = l.epoch() + 1;
    int taken = jdbc.update("UPDATE leases SET holder = ?, epoch = ?, expires_at = ?"
        + " WHERE name = ? AND epoch = ? AND expires_at <= ?", ps -> {
          ps.setString(1, holder);
          ps.setLong(2, epoch);
          ps.setObject(3, Jdbc.ts(until));
          ps.setString(4, name);
          ps.setLong(5, l.epoch());
          ps.setObject(6, Jdbc.ts(now));
        });
    return taken == 1 ? Optional.of(new Lease(name, holder, epoch, until)) : Optional.empty();
  }

  /** Extends the holder's lease at its epoch; false once it is no longer the holder's. */
  public boolean renew(Lease lease, Instant until) {
    return jdbc.update("UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND epoch = ?",
        ps -> {
          ps.setObject(1, Jdbc.ts(until));
          ps.setString(2, lease.name());
          ps.setString(3, lease.holder());
          ps.setLong(4, lease.epoch());
        }) == 1;
  }

  /** Gives the lease up: expired, so the next node to try takes it. */
  public void release(Lease lease) {
    jdbc.update("UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND epoch = ?", ps -> {
      ps.setObject(1, Jdbc.ts(Instant.EPOCH));
      ps.setString(2, lease.name());
      ps.setString(3, lease.holder());
      ps.setLong(4, lease.epoch());
    });
  }

  private static boolean isDuplicate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  private static Lease lease(java.sql.ResultSet rs) throws SQLException {
    return new Lease(rs.getString(1), rs.getString(2), rs.getLong(3), Jdbc.instant(rs, 4));
  }
}
