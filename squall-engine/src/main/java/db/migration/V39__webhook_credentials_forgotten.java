package db.migration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.engine.rules.Webhooks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Webhook trigger instances stored before credentials were dropped from them lose their
 * {@code Authorization}, {@code Cookie} and other credential headers, the same ones
 * {@link Webhooks} drops from new instances. In Java because the payload is JSON text, which H2
 * and PostgreSQL cannot both edit in SQL.
 */
public final class V39__webhook_credentials_forgotten extends BaseJavaMigration {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  @Override
  @SuppressWarnings("unchecked")
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (PreparedStatement read = c.prepareStatement(
            "SELECT id, payload FROM trigger_instances WHERE trigger_type = ?");
        PreparedStatement write = c.prepareStatement(
            "UPDATE trigger_instances SET payload = ? WHERE id = ?")) {
      read.setString(1, SystemTriggerTypes.WEBHOOK.ref());
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> payload = JSON.readValue(rs.getString(2), MAP);
          if (!(payload.get("headers") instanceof Map<?, ?> headers)) {
            continue;
          }
          Map<String, String> all = new LinkedHashMap<>();
          headers.forEach((k, v) -> all.put(String.valueOf(k), String.valueOf(v)));
          Map<String, Object> kept = Webhooks.withoutCredentials(all);
          if (kept.size() == headers.size()) {
            continue;
          }
          payload.put("headers", kept);
          write.setString(1, JSON.writeValueAsString(payload));
          write.setString(2, rs.getString(1));
          write.executeUpdate();
        }
      }
    }
  }
}
