package dev.squall.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.squall.core.error.ConflictException;
import dev.squall.core.error.TooManyRequestsException;
import dev.squall.core.error.UnauthorizedException;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Users, tokens and API keys, run against each database by a subclass. */
abstract class AuthServiceContract {

  private static final String HOME = "192.0.2.10";

  private Database db;
  private AuthService auth;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    auth = new AuthService(db.dataSource(), new PasswordHasher(1000), clock, Duration.ofHours(24));
    auth.createUser("alice", "s3cret", false);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void logsInWithTheRightPasswordOnly() {
    Token t = auth.login("alice", "s3cret", null, HOME);
    assertThat(auth.authenticateToken(t.token()).user()).isEqualTo("alice");
    assertThatThrownBy(() -> auth.login("alice", "wrong", null, HOME)).isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> auth.login("nobody", "x", null, HOME)).isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void logsAFailedLoginWithTheCallersAddressOnOneLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(AuthService.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try {
      assertThatThrownBy(() -> auth.login("alice", "wrong", null, "203.0.113.7"))
          .isInstanceOf(UnauthorizedException.class);
    } finally {
      logger.detachAppender(seen);
    }
    assertThat(seen.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
        .contains("alice").contains("203.0.113.7").doesNotContain("wrong"));
  }

  @Test
  void aTokensIdIsStoredAndSharesNothingWithTheToken() throws Exception {
    Token t = auth.login("alice", "s3cret", null, HOME);
    assertThat(t.id()).hasSize(24).isNotEqualTo(t.token().substring(0, 24));
    assertThat(t.token()).doesNotContain(t.id());
    try (var c = db.dataSource().getConnection();
        var rs = c.createStatement().executeQuery("SELECT id FROM tokens")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(t.id());
    }
  }

  @Test
  void tokensExpire() {
    Token t = auth.login("alice", "s3cret", Duration.ofMinutes(5), HOME);
    now.set(now.get().plus(Duration.ofMinutes(6)));
    assertThatThrownBy(() -> auth.authenticateToken(t.token()))
        .isInstanceOf(UnauthorizedException.class).hasMessageContaining("expired");
  }

  @Test
  void throttlesRepeatedFailuresThenForgetsThem() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> auth.login("alice", "guess", null, HOME)).isInstanceOf(UnauthorizedException.class);
    }
    assertThatThrownBy(() -> auth.login("alice", "s3cret", null, HOME)).isInstanceOf(TooManyRequestsException.class);
    now.set(now.get().plus(Duration.ofMinutes(6)));
    assertThat(auth.login("alice", "s3cret", null, HOME).user()).isEqualTo("alice");
  }

  @Test
  void aStrangerCannotMakeTheRightPasswordFailFromElsewhere() {
    for (int i = 0; i < 20; i++) {
      try {
        auth.login("alice", "guess", null, "203.0.113.66");
      } catch (UnauthorizedException | TooManyRequestsException expected) {
        // the stranger is refused, then slowed down
      }
    }
    assertThatThrownBy(() -> auth.login("alice", "s3cret", null, "203.0.113.66"))
        .isInstanceOf(TooManyRequestsException.class);
    assertThat(auth.login("alice", "s3cret", null, HOME).user()).isEqualTo("alice");
  }

  @Test
  void apiKeysAuthenticateUntilDeleted() {
    ApiKey k = auth.createApiKey("alice", Map.of("purpose", "bot"));
    assertThat(auth.authenticateApiKey(k.key()).user()).isEqualTo("alice");
    assertThat(auth.listApiKeys("alice")).singleElement().satisfies(listed -> {
      assertThat(listed.key()).isNull();
      assertThat(listed.metadata()).containsEntry("purpose", "bot");
    });
    auth.deleteApiKey(k.id());
    assertThatThrownBy(() -> auth.authenticateApiKey(k.key())).isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void storesNoCredentialInClear() throws Exception {
    Token t = auth.login("alice", "s3cret", null, HOME);
    ApiKey k = auth.createApiKey("alice", Map.of());
    try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
      StringBuilder all = new StringBuilder();
      for (String table : new String[] {"users", "tokens", "api_keys"}) {
        try (var rs = s.executeQuery("SELECT * FROM " + table)) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              all.append(rs.getString(i)).append('|');
            }
          }
        }
      }
      assertThat(all.toString()).doesNotContain("s3cret").doesNotContain(t.token()).doesNotContain(k.key());
    }
  }

  @Test
  void refusesDuplicateUsers() {
    assertThatThrownBy(() -> auth.createUser("alice", "x", false)).isInstanceOf(ConflictException.class);
  }

  @Test
  void aDisabledUserCanNeitherLogInNorUseItsTokensOrKeys() {
    Token t = auth.login("alice", "s3cret", null, HOME);
    ApiKey k = auth.createApiKey("alice", Map.of());
    auth.createUser("root", "pw", true);
    auth.setEnabled("alice", false);
    assertThatThrownBy(() -> auth.login("alice", "s3cret", null, HOME)).isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> auth.authenticateToken(t.token())).isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> auth.authenticateApiKey(k.key())).isInstanceOf(UnauthorizedException.class);
    assertThat(auth.user("alice").orElseThrow().enabled()).isFalse();
    auth.setEnabled("alice", true);
    assertThat(auth.authenticateToken(t.token()).user()).isEqualTo("alice");
  }

  @Test
  void usersKeepTheirRolesAndLoseEverythingWhenDeleted() {
    auth.createUser("bob", null, false, java.util.List.of("observer", "ops"));
    User bob = auth.user("bob").orElseThrow();
    assertThat(bob.roles()).containsExactly("observer", "ops");
    assertThat(bob.hasPassword()).isFalse();
    assertThat(auth.listUsers()).extracting(User::name).containsExactly("alice", "bob");
    ApiKey k = auth.createApiKey("bob", Map.of());
    auth.deleteUser("bob");
    assertThat(auth.user("bob")).isEmpty();
    assertThatThrownBy(() -> auth.authenticateApiKey(k.key())).isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void theLastEnabledAdministratorCanBeNeitherDisabledNorDeleted() {
    auth.createUser("root", "pw", true);
    assertThatThrownBy(() -> auth.setEnabled("root", false)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> auth.deleteUser("root")).isInstanceOf(ConflictException.class);
    auth.createUser("root2", "pw", true);
    auth.deleteUser("root");
    assertThat(auth.user("root")).isEmpty();
  }
}
