package dev.squall.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.squall.core.error.UnavailableException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connection pool every store component uses, able to survive an outage. When a JDBC call
 * fails because the store is unusable (H2 closes the database after a write fails for lack of
 * space; a PostgreSQL server goes away), the pool is dropped: from then on every request is
 * refused at once with a 503 instead of each one failing on a dead connection, and a recovery
 * thread opens a new pool every {@code retry} and puts it in service once a probe write commits.
 * The outage is logged in one line when it starts, once a minute while it lasts, and once when
 * it ends: never a stack trace per request.
 *
 * <p>Nothing acknowledged is lost: a write is acknowledged only after its commit, and a commit
 * that could not be written is rolled back when the store is reopened (MVStore and PostgreSQL
 * are both crash-safe).
 */
final class StorePool implements DataSource, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(StorePool.class.getName());
  private static final Duration STILL_DOWN_LOG_EVERY = Duration.ofMinutes(1);

  private final StoreConfig config;
  private final Duration retry;
  private HikariDataSource current; // null while down; guarded by this
  private Instant downSince;
  private String downCause;
  private long refused;
  private Instant lastRefusalLog;
  private Thread recovery;
  private boolean closed;

  private StorePool(StoreConfig config, HikariDataSource first, Duration retry) {
    this.config = config;
    this.current = first;
    this.retry = retry;
  }

  /** Opens the first pool; fails (a {@link RuntimeException} from Hikari) when it cannot connect. */
  static StorePool open(StoreConfig config, Duration retry) {
    return new StorePool(config, newPool(config), retry);
  }

  private static HikariDataSource newPool(StoreConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setUsername(config.username());
    hc.setPassword(config.password());
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setPoolName("squall-store");
    // A request waits at most this long for a connection: during an outage it gets its 503
    // within seconds instead of Hikari's default half minute.
    hc.setConnectionTimeout(5_000);
    return new HikariDataSource(hc);
  }

  /** The pool in service, for Flyway at start-up. */
  synchronized HikariDataSource current() {
    return current;
  }

  /** True while the store is in service. */
  synchronized boolean isUp() {
    return current != null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    HikariDataSource ds;
    synchronized (this) {
      ds = current;
      if (ds == null) {
        refused++;
        throw new StoreDown(closed ? "closed" : downCause);
      }
    }
    return ds.getConnection();
  }

  /**
   * Called with an error that {@link StoreFaults#isOutage} says is an outage: takes the pool out
   * of service when its connection is lost, or when it no longer answers a query (H2 closes the
   * database after a failed write; a PostgreSQL that refused one write for lack of space keeps
   * serving the others), and returns the error for the caller.
   */
  UnavailableException outage(SQLException e) {
    HikariDataSource broken;
    synchronized (this) {
      if (current == null || e instanceof StoreDown) { // refused while down: nothing new
        return StoreFaults.unavailable(downCause == null ? "it is being reopened" : downCause, e);
      }
      broken = current;
    }
    String cause = StoreFaults.rootCause(e);
    if (!StoreFaults.isConnectionLost(e) && works(broken)) {
      logRefusal(cause);
      return StoreFaults.unavailable(cause, e);
    }
    synchronized (this) {
      if (current != broken) { // someone else took it down first
        return StoreFaults.unavailable(cause, e);
      }
      current = null;
      downSince = Instant.now();
      downCause = cause;
      refused = 0;
      if (!closed) {
        LOG.log(System.Logger.Level.ERROR, "the store is down (" + cause + "): requests get 503"
            + " until it can write again; retrying every " + retry.toMillis() + " ms");
        recovery = Thread.ofPlatform().daemon().name("squall-store-recovery")
            .start(() -> recover(broken));
      }
    }
    return StoreFaults.unavailable(cause, e);
  }

  /** A write refused by a store that still answers (PostgreSQL's disk full): once a minute. */
  private void logRefusal(String cause) {
    synchronized (this) {
      Instant now = Instant.now();
      if (lastRefusalLog != null
          && Duration.between(lastRefusalLog, now).compareTo(STILL_DOWN_LOG_EVERY) < 0) {
        return;
      }
      lastRefusalLog = now;
    }
    LOG.log(System.Logger.Level.ERROR, "the store refused a write (" + cause + "): that request"
        + " got 503; the store still answers (logged at most once a minute)");
  }

  /**
   * Whether {@code pool} still answers a query (H2's {@code isValid} says yes on a database it
   * has closed, so a real query it is).
   */
  private static boolean works(HikariDataSource pool) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM store_probe")) {
      ps.executeQuery().close();
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  private void recover(HikariDataSource broken) {
    broken.close();
    Instant lastLog = Instant.now();
    while (true) {
      try {
        Thread.sleep(retry);
      } catch (InterruptedException e) {
        return;
      }
      HikariDataSource fresh = null;
      try {
        fresh = newPool(config);
        probe(fresh);
        synchronized (this) {
          if (closed) {
            fresh.close();
            return;
          }
          current = fresh;
          LOG.log(System.Logger.Level.INFO, "the store is back after "
              + Duration.between(downSince, Instant.now()).toMillis() + " ms (" + refused
              + " requests refused while it was down)");
          recovery = null;
          return;
        }
      } catch (SQLException | RuntimeException e) {
        if (fresh != null) {
          fresh.close();
        }
        if (Duration.between(lastLog, Instant.now()).compareTo(STILL_DOWN_LOG_EVERY) >= 0) {
          lastLog = Instant.now();
          LOG.log(System.Logger.Level.ERROR, "the store is still down (" + StoreFaults.rootCause(e)
              + ") since " + downSince);
        }
      }
    }
  }

  /** A write that must reach the disk: the store is back only when it commits. */
  private static void probe(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE store_probe SET probed_at = ? WHERE id = 1")) {
      ps.setObject(1, Timestamps.ts(Instant.now()));
      ps.executeUpdate();
    }
  }

  @Override
  public void close() {
    Thread r;
    HikariDataSource ds;
    synchronized (this) {
      closed = true;
      r = recovery;
      ds = current;
      current = null;
    }
    if (r != null) {
      r.interrupt();
    }
    if (ds != null) {
      ds.close();
    }
  }

  // The rest of DataSource: nothing in Squall uses it.

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the store's pool has its own credentials");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper of " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
