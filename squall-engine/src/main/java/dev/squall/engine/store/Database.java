package dev.squall.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The store: a connection pool on H2 or PostgreSQL, migrated by Flyway from
 * {@code db/migration} (the same portable SQL on both), and one group-commit writer through which
 * the execution stores write (the others commit on the pool, see the package doc). The pool reopens itself after an outage such as a full disk
 * ({@link StorePool}); meanwhile requests fail with a 503 rather than hang or fail forever.
 */
public final class Database implements AutoCloseable {

  /** How often a store that went down is tried again. */
  public static final Duration RETRY = Duration.ofSeconds(1);

  private final StoreConfig config;
  private final StorePool pool;
  private final GroupCommit writes;

  private Database(StoreConfig config, StorePool pool) {
    this.config = config;
    this.pool = pool;
    this.writes = new GroupCommit(pool);
  }

  /**
   * Opens the pool and brings the schema up to date.
   *
   * @throws dev.squall.core.error.UnavailableException the store cannot be opened (locked by
   *     another process, corrupt, read-only, unreachable), with a one-line message saying what to
   *     do
   */
  public static Database open(StoreConfig config) {
    return open(config, RETRY);
  }

  /** The same, retrying a store that went down every {@code retry}. */
  public static Database open(StoreConfig config, Duration retry) {
    StorePool pool;
    try {
      pool = StorePool.open(config, retry);
    } catch (RuntimeException e) {
      throw StoreFaults.cannotOpen(config, e);
    }
    try {
      migrations().dataSource(pool.current()).load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreException("cannot migrate the store at " + config.jdbcUrl() + ": "
          + e.getMessage(), e);
    }
    return new Database(config, pool);
  }

  public StoreConfig config() {
    return config;
  }

  /**
   * The pool, for reads by other store components; write through the repositories. Turn its
   * {@link SQLException}s into unchecked errors with {@link StoreFaults#translate}, so that an
   * outage is noticed and recovered from.
   */
  public DataSource dataSource() {
    return pool;
  }

  /** False while the store is down and being reopened. */
  public boolean isUp() {
    return pool.isUp();
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
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw StoreFaults.translate(pool, "store read failed", e);
    }
  }

  /** Commits what is queued, then closes the pool (and with it the H2 database). */
  @Override
  public void close() {
    writes.close();
    pool.close();
  }

  /**
   * Squall's migrations: the SQL files and Java classes under {@code db/migration}, and those
   * registered here because they live beside the store code they use. Tests that build an older
   * schema use this too, so they see the same list.
   */
  static FluentConfiguration migrations() {
    return Flyway.configure().locations("classpath:db/migration")
        .javaMigrations(new CompactOutputMigration());
  }
}
