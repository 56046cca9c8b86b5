package dev.squall.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.store.Database;
import dev.squall.engine.store.OlderSchema;
import dev.squall.engine.store.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A store written by a Squall that kept webhooks' credential headers, upgraded: the stored trigger
 * instances lose them and keep everything else. Run on each database.
 */
abstract class WebhookCredentialsUpgradeContract {

  protected abstract StoreConfig freshStore();

  @Test
  void storedWebhookInstancesLoseTheirCredentialHeadersAndKeepTheRest() throws Exception {
    StoreConfig store = freshStore();
    try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.username(), store.password())) {
      OlderSchema.migrateToJustBefore(store, "39");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO trigger_instances (id, trigger_ref, trigger_type, trigger_parameters,"
            + " payload, occurrence_time, status) VALUES ('b00000000000000000000001', 'core.st2.webhook',"
            + " 'core.st2.webhook', '{\"url\":\"deploys\"}', '{\"headers\":{\"Authorization\":\"Basic c2VjcmV0\","
            + "\"Cookie\":\"session=old-cookie\",\"X-Github-Event\":\"push\"},\"body\":{\"app\":\"web\"}}',"
            + " CURRENT_TIMESTAMP, 'processed')");
        s.executeUpdate("INSERT INTO trigger_instances (id, trigger_ref, trigger_type, trigger_parameters,"
            + " payload, occurrence_time, status) VALUES ('b00000000000000000000002', 'mypack.event',"
            + " 'mypack.event', '{}', '{\"headers\":{\"Authorization\":\"kept: not a webhook\"}}',"
            + " CURRENT_TIMESTAMP, 'processed')");
      }
    }
    try (Database db = Database.open(store);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, payload FROM trigger_instances ORDER BY id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).doesNotContain("c2VjcmV0").doesNotContain("old-cookie")
          .contains("\"X-Github-Event\":\"push\"").contains("\"app\":\"web\"");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).contains("kept: not a webhook");
    }
  }
}
