package dev.squall.engine.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for one test class, handing out a fresh empty database per test:
 * {@code @RegisterExtension static final PostgresStores postgres = new PostgresStores();}
 */
public final class PostgresStores implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  private EmbeddedPostgres server;
  private final AtomicInteger databases = new AtomicInteger();

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = EmbeddedPostgres.builder().start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
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

  /**
   * Makes {@code store}'s database refuse connections and drops those it has ({@code true}), or
   * lets clients connect again ({@code false}): an outage as a client sees one.
   */
  public void refuseConnections(StoreConfig store, boolean refuse) {
    String name = store.jdbcUrl().substring(store.jdbcUrl().lastIndexOf('/') + 1).split("\\?")[0];
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refuse);
      if (refuse) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + name + "'");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
