package dev.squall.engine.store;

import dev.squall.core.error.UnavailableException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;
import org.h2.mvstore.MVStoreException;

/**
 * Tells a store outage (the database cannot be used at all: a full or failing disk, a closed
 * store, a lost server) from a failed statement (a constraint, a bad query), by the JDBC error's
 * type, vendor code and SQL state, and turns each into the error callers get: an outage is an
 * {@link UnavailableException} (HTTP 503), which the store recovers from by itself; anything else
 * stays a {@link StoreException}.
 */
public final class StoreFaults {

  /**
   * H2's codes for a store that is gone rather than a statement that failed: I/O errors, a
   * corrupted or closed database (H2 closes it after a failed write), a broken connection.
   */
  private static final Set<Integer> H2_OUTAGES = Set.of(ErrorCode.IO_EXCEPTION_1,
      ErrorCode.IO_EXCEPTION_2, ErrorCode.FILE_CORRUPTED_1, ErrorCode.CONNECTION_BROKEN_1,
      ErrorCode.DATABASE_IS_CLOSED, ErrorCode.OUT_OF_MEMORY, ErrorCode.DATABASE_CALLED_AT_SHUTDOWN);

  private StoreFaults() {}

  /** True when {@code e}, or a JDBC error it carries, says the store itself is unusable. */
  static boolean isOutage(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && isOutageItself(s)
          // H2 reports a failed file write as a "general error" caused by its store's error,
          // caused by the IOException
          || t instanceof MVStoreException || t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code e} says the connection itself is gone (rather than, say, one write refused
   * for lack of space): the pool it came from is no use any more.
   */
  static boolean isConnectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && (s instanceof SQLTransientConnectionException
          || s instanceof SQLNonTransientConnectionException
          || s.getSQLState() != null && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P")))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOutageItself(SQLException e) {
    if (e instanceof StoreDown || e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException) {
      return true;
    }
    String state = e.getSQLState();
    if (state != null && state.length() >= 2) {
      // 08 connection exception, 53 insufficient resources (PostgreSQL's disk_full is 53100),
      // 57P operator intervention (server shutting down), 58 system error (an I/O error).
      String cls = state.substring(0, 2);
      if (cls.equals("08") || cls.equals("53") || cls.equals("58") || state.startsWith("57P")) {
        return true;
      }
    }
    return H2_OUTAGES.contains(e.getErrorCode()); // PostgreSQL's vendor code is always 0
  }

  /**
   * The unchecked error for a failed JDBC call on {@code dataSource}: an outage is reported to
   * the store (which then refuses work until it has reopened) and becomes a 503; anything else a
   * {@link StoreException} naming {@code what}.
   */
  public static RuntimeException translate(DataSource dataSource, String what, SQLException e) {
    if (!isOutage(e)) {
      return new StoreException(what + ": " + e.getMessage(), e);
    }
    if (dataSource instanceof StorePool pool) {
      return pool.outage(e);
    }
    return unavailable(rootCause(e), e);
  }

  /**
   * The one-line error for a store that failed to open: what is wrong with it, and what to do.
   */
  static RuntimeException cannotOpen(StoreConfig config, RuntimeException e) {
    String where = config.location();
    String cause = rootCause(e);
    SQLException sql = null;
    for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        sql = s;
      }
    }
    int code = sql == null ? 0 : sql.getErrorCode();
    if (config.isH2() && code == ErrorCode.DATABASE_ALREADY_OPEN_1) {
      return new UnavailableException("the store " + where + " is in use by another process (is"
          + " Squall already running with this SQUALL_HOME?): stop it, or set SQUALL_HOME to another"
          + " folder", e);
    }
    if (config.isH2() && code == ErrorCode.FILE_CORRUPTED_1) {
      return new UnavailableException("the store " + where + " is corrupt (" + cause + "): restore"
          + " it from a backup, or move it away to start with an empty store", e);
    }
    if (config.isH2() && (code == ErrorCode.DATABASE_IS_READ_ONLY || hasCause(e, AccessDeniedException.class))) {
      return new UnavailableException("the store " + where + " cannot be written (" + cause + "):"
          + " make it and its folder writable", e);
    }
    if (config.isH2() && sql != null && isOutage(sql)) {
      return new UnavailableException("the store " + where + " cannot be opened (" + cause + "):"
          + " check the disk it is on (free space, permissions)", e);
    }
    if (sql != null && isOutage(sql)) {
      return new UnavailableException("cannot reach the store at " + where + " (" + cause + "):"
          + " check database.url and that the database server is up", e);
    }
    return new StoreException("cannot open the store at " + where + ": " + cause, e);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static UnavailableException unavailable(String cause, Throwable e) {
    return new UnavailableException("The store cannot be used right now (" + cause
        + "); Squall retries on its own, try again shortly.", e);
  }

  /** The innermost message: "No space left on device" rather than H2's wrappers of it. */
  static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
