package dev.squall.engine.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** A real PostgreSQL server for one test class, handing out a fresh empty database per test. */
public final class PostgresStores implements AutoCloseable {

  private final EmbeddedPostgres server;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresStores(EmbeddedPostgres server) {
    this.server = server;
  }

  public static PostgresStores start() throws IOException {
    return new PostgresStores(EmbeddedPostgres.builder().start());
  }

  public StoreConfig freshDatabase() {
    String name = "squall_" + databases.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return StoreConfig.postgres(server.getJdbcUrl("postgres", name), "postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
