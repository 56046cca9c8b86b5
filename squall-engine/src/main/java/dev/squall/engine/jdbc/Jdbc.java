package dev.squall.engine.jdbc;

import dev.squall.engine.store.StoreFaults;
import dev.squall.engine.store.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import javax.sql.DataSource;

/**
 * The small amount of JDBC plumbing every store shares: open, bind, run, close, and turn
 * {@link SQLException} into an unchecked error that names the store (a 503 when the store
 * itself is down, see {@link StoreFaults}). Plain SQL stays visible in
 * each store; only the ceremony lives here.
 */
public final class Jdbc {

  /** Binds a statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Statements run on one connection, committed together. */
  @FunctionalInterface
  public interface Transaction {
    void run(Connection c) throws SQLException;
  }

  /** Reads a result set into a value. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final DataSource db;
  private final String store;

  public Jdbc(DataSource db, String store) {
    this.db = db;
    this.store = store;
  }

  public <T> T query(String sql, Binder binder, Reader<T> reader) {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException e) {
      throw StoreFaults.translate(db, store, e);
    }
  }

  public int update(String sql, Binder binder) {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw StoreFaults.translate(db, store, e);
    }
  }

  /**
   * Runs {@code work} in one transaction: all of it is committed, or none of it. A unique-key
   * violation (SQL state 23505, the same on H2 and PostgreSQL) rolls back and runs the work again,
   * up to three times, so "update, else insert" is safe against a concurrent insert.
   */
  public void transaction(Transaction work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = db.getConnection()) {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          work.run(c);
          c.commit();
          return;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(auto);
        }
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState()) || attempt == 3) {
          throw StoreFaults.translate(db, store, e);
        }
      }
    }
  }

  /** One statement on a connection the caller holds (inside {@link #transaction}). */
  public static int update(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    }
  }

  /** One query on a connection the caller holds (inside {@link #transaction}). */
  public static <T> T query(Connection c, String sql, Binder binder, Reader<T> reader) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.read(rs);
      }
    }
  }

  /** A timestamp as every supported database stores it ({@code TIMESTAMP WITH TIME ZONE}). */
  public static OffsetDateTime ts(Instant instant) {
    return Timestamps.ts(instant);
  }

  /** The instant in a column of the current row; SQL NULL is null. */
  public static Instant instant(ResultSet rs, int column) throws SQLException {
    return Timestamps.instant(rs, column);
  }
}
