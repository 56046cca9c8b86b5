package dev.squall.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The store: a connection pool on H2 or PostgreSQL, migrated by Flyway from
 * {@code db/migration} (the same portable SQL on both), and one group-commit writer through which
 * every write goes.
 */
public final class Database implements AutoCloseable {

  private final StoreConfig config;
  private final HikariDataSource dataSource;
  private final GroupCommit writes;

  private Database(StoreConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
    this.writes = new GroupCommit(dataSource);
  }

  /** Opens the pool and brings the schema up to date. */
  public static Database open(StoreConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setUsername(config.username());
    hc.setPassword(config.password());
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setPoolName("squall-store");
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open the store at " + config.jdbcUrl() + ": "
          + e.getMessage(), e);
    }
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration")
          .javaMigrations(new CompactOutputMigration()).load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot migrate the store at " + config.jdbcUrl() + ": "
          + e.getMessage(), e);
    }
    return new Database(config, ds);
  }

  public StoreConfig config() {
    return config;
  }

  /** The pool, for reads by other store components; write through the repositories. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} in the next group commit and waits until it is committed. */
  <T> T write(SqlWork<T> work) {
    try {
      return writes.submit(work).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Queues {@code work} for the next group commit without waiting. */
  <T> CompletableFuture<T> writeLater(SqlWork<T> work) {
    return writes.submit(work);
  }

  <T> T read(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("store read failed: " + e.getMessage(), e);
    }
  }

  /** Commits what is queued, then closes the pool (and with it the H2 database). */
  @Override
  public void close() {
    writes.close();
    dataSource.close();
  }
}
