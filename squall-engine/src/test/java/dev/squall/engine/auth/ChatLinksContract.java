package dev.squall.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.NotFoundException;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat identity links and their one-time tokens, run against each database by a subclass. */
abstract class ChatLinksContract {

  private Database db;
  private AuthService auth;
  private ChatLinks links;
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
    auth.createUser("bob", "pw", false);
    links = new ChatLinks(db.dataSource(), clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void anAdministratorsLinkMakesTheIdentityRunAsTheUserUntilUnlinked() {
    links.link("alice", "irc", "al");
    assertThat(links.userOf("irc", "al")).contains("alice");
    assertThat(links.userOf("slack", "al")).isEmpty();
    assertThat(links.linksOf("alice")).extracting(ChatLink::identity).containsExactly("irc:al");
    links.link("bob", "irc", "al");
    assertThat(links.userOf("irc", "al")).as("one identity, one user").contains("bob");
    links.unlink("bob", "irc", "al");
    assertThat(links.userOf("irc", "al")).isEmpty();
    assertThatThrownBy(() -> links.unlink("bob", "irc", "al")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> links.link("nobody", "irc", "al")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aTokenLinksTheIdentityThatAskedForItOnceOnly() {
    String token = links.issueToken("irc", "al");
    assertThat(links.pending(token)).contains("irc:al");
    assertThat(links.redeem(token, "alice").identity()).isEqualTo("irc:al");
    assertThat(links.userOf("irc", "al")).contains("alice");
    assertThat(links.pending(token)).isEmpty();
    assertThatThrownBy(() -> links.redeem(token, "bob")).isInstanceOf(NotFoundException.class);
    assertThat(links.userOf("irc", "al")).contains("alice");
  }

  @Test
  void aTokenExpiresAfterTenMinutesAndIsStoredOnlyAsADigest() {
    String token = links.issueToken("irc", "al");
    Integer plain = new dev.squall.engine.jdbc.Jdbc(db.dataSource(), "test").query(
        "SELECT COUNT(*) FROM chat_link_tokens WHERE token_hash = ?", ps -> ps.setString(1, token),
        rs -> rs.next() ? rs.getInt(1) : 0);
    assertThat(plain).isZero();
    now.set(now.get().plus(Duration.ofMinutes(10)));
    assertThat(links.pending(token)).isEmpty();
    assertThatThrownBy(() -> links.redeem(token, "alice")).isInstanceOf(NotFoundException.class);
    assertThat(links.userOf("irc", "al")).isEmpty();
  }

  @Test
  void deletingAUserDropsItsLinks() {
    links.link("bob", "irc", "b");
    auth.deleteUser("bob");
    assertThat(links.userOf("irc", "b")).isEmpty();
  }
}
