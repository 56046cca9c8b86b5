package dev.squall.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A store written by a Squall from before the {@code notified} flag, upgraded: what the old
 * notifier had handled stays handled, what it had not is still found. Run on each database.
 */
abstract class NotifyUpgradeContract {

  protected abstract StoreConfig freshStore();

  @Test
  void executionsHandledBeforeTheUpgradeAreNotNotifiedAgainAndTheOthersStillAre() throws Exception {
    StoreConfig store = freshStore();
    try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.username(), store.password())) {
      Flyway.configure().dataSource(store.jdbcUrl(), store.username(), store.password())
          .locations("classpath:db/migration").target("23").load().migrate();
      try (Statement s = c.createStatement()) {
        for (String id : new String[] {"a00000000000000000000001", "a00000000000000000000002",
            "a00000000000000000000003"}) {
          s.executeUpdate("INSERT INTO executions (id, action_ref, runner_type, status, parameters, context,"
              + " result, log, start_ts, end_ts) VALUES ('" + id + "', 'core.noop', 'noop', '"
              + (id.endsWith("3") ? "running" : "succeeded") + "', '{}', '{}', '{}', '[]', TIMESTAMP WITH TIME ZONE '"
              + Instant.parse("2026-01-01T00:00:00Z") + "', NULL)");
        }
        s.executeUpdate("INSERT INTO notify_processed (execution_id, processed_at) VALUES"
            + " ('a00000000000000000000001', CURRENT_TIMESTAMP)");
      }
    }
    try (Database db = Database.open(store)) {
      Outbox outbox = new Outbox(db.dataSource());
      assertThat(outbox.unprocessed(10)).containsExactly("a00000000000000000000002");
    }
  }
}
