package dev.squall.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.store.Database;
import dev.squall.engine.store.OlderSchema;
import dev.squall.engine.store.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A store written by a Squall from before tokens had ids of their own, upgraded: its tokens keep
 * working and get an id that is not a piece of the token. Run on each database.
 */
abstract class TokenUpgradeContract {

  protected abstract StoreConfig freshStore();

  @Test
  void tokensIssuedBeforeTheUpgradeKeepWorkingWithAnIdThatIsNotPartOfThem() throws Exception {
    StoreConfig store = freshStore();
    String token = Secrets.randomHex(32);
    try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.username(), store.password())) {
      OlderSchema.migrateToJustBefore(store, "37");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO users (name, password_hash, is_admin, created_at)"
            + " VALUES ('alice', NULL, FALSE, CURRENT_TIMESTAMP)");
        s.executeUpdate("INSERT INTO tokens (token_hash, user_name, issued_at, expiry) VALUES ('"
            + Secrets.sha256(token) + "', 'alice', CURRENT_TIMESTAMP, TIMESTAMP WITH TIME ZONE '2999-01-01 00:00:00+00')");
      }
    }
    try (Database db = Database.open(store)) {
      AuthService auth = new AuthService(db.dataSource(), new PasswordHasher(1000), Clock.systemUTC(),
          Duration.ofHours(24));
      assertThat(auth.authenticateToken(token).user()).isEqualTo("alice");
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM tokens")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).hasSize(24).isNotEqualTo(token.substring(0, 24));
      }
      auth.issueToken("alice", null);
    }
  }
}
