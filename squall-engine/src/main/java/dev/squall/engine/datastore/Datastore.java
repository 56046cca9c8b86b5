package dev.squall.engine.datastore;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.engine.datastore.KeyValuePair.Scope;
import dev.squall.engine.jdbc.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * StackStorm's key-value datastore: system keys shared by all, user keys private to their owner,
 * optional TTL, and secret values encrypted at rest. Expired keys are invisible at once and
 * removed lazily.
 */
public final class Datastore {

  private final Jdbc jdbc;
  private final SecretBox box;
  private final Clock clock;

  public Datastore(DataSource db, SecretBox box, Clock clock) {
    this.jdbc = new Jdbc(db, "datastore");
    this.box = box;
    this.clock = clock;
  }

  /**
   * Stores a value; {@code ttl} null means no expiry. A user-scoped key needs its owner.
   */
  public KeyValuePair set(Scope scope, String owner, String name, String value, boolean secret,
      String description, Duration ttl) {
    if (name == null || name.isBlank() || name.length() > 500) {
      throw new BadRequestException("Key name must be 1-500 characters");
    }
    if (value == null) {
      throw new BadRequestException("'value' is a required property");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new BadRequestException("ttl must be a positive number of seconds");
    }
    String own = ownerFor(scope, owner);
    Instant now = clock.instant();
    Instant expires = ttl == null ? null : now.plus(ttl);
    String stored = secret ? box.encrypt(value) : value;
    // One statement per case inside one transaction: the key is never missing, not to a reader
    // and not after a crash. Two writers racing to create the key: the loser's insert hits the
    // primary key and it tries again, now as an update.
    jdbc.transaction(c -> {
      int updated = Jdbc.update(c, "UPDATE kv_pairs SET kv_value = ?, secret = ?, description = ?,"
          + " expires_at = ?, updated_at = ? WHERE scope = ? AND owner = ? AND name = ?", ps -> {
            ps.setString(1, stored);
            ps.setBoolean(2, secret);
            ps.setString(3, description);
            ps.setObject(4, Jdbc.ts(expires));
            ps.setObject(5, Jdbc.ts(now));
            ps.setString(6, scope.name());
            ps.setString(7, own);
            ps.setString(8, name);
          });
      if (updated == 0) {
        Jdbc.update(c, "INSERT INTO kv_pairs (scope, owner, name, kv_value, secret, description,"
            + " expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
              ps.setString(1, scope.name());
              ps.setString(2, own);
              ps.setString(3, name);
              ps.setString(4, stored);
              ps.setBoolean(5, secret);
              ps.setString(6, description);
              ps.setObject(7, Jdbc.ts(expires));
              ps.setObject(8, Jdbc.ts(now));
            });
      }
    });
    return new KeyValuePair(scope, own, name, secret ? stored : value, secret, description, expires, now);
  }

  /** One key; secrets are decrypted only when {@code decrypt} is set. */
  public Optional<KeyValuePair> find(Scope scope, String owner, String name, boolean decrypt) {
    String own = ownerFor(scope, owner);
    List<KeyValuePair> found = jdbc.query(
        "SELECT scope, owner, name, kv_value, secret, description, expires_at, updated_at FROM kv_pairs "
            + "WHERE scope = ? AND owner = ? AND name = ? AND (expires_at IS NULL OR expires_at > ?)",
        ps -> {
          ps.setString(1, scope.name());
          ps.setString(2, own);
          ps.setString(3, name);
          ps.setObject(4, Jdbc.ts(clock.instant()));
        }, rs -> read(rs, decrypt));
    return found.stream().findFirst();
  }

  public KeyValuePair get(Scope scope, String owner, String name, boolean decrypt) {
    return find(scope, owner, name, decrypt).orElseThrow(() -> new NotFoundException(
        "KeyValuePair with name \"" + name + "\" and scope \"" + scope.wire() + "\" not found"));
  }

  /** Keys of one scope (and owner, for user scope), optionally by name prefix, by name. */
  public List<KeyValuePair> list(Scope scope, String owner, String prefix, boolean decrypt) {
    String own = ownerFor(scope, owner);
    purgeExpired();
    return jdbc.query(
        "SELECT scope, owner, name, kv_value, secret, description, expires_at, updated_at FROM kv_pairs "
            + "WHERE scope = ? AND owner = ? AND name LIKE ? ESCAPE '\\' ORDER BY name",
        ps -> {
          ps.setString(1, scope.name());
          ps.setString(2, own);
          ps.setString(3, escapeLike(prefix == null ? "" : prefix) + "%");
        }, rs -> read(rs, decrypt));
  }

  public void delete(Scope scope, String owner, String name) {
    String own = ownerFor(scope, owner);
    int n = jdbc.update("DELETE FROM kv_pairs WHERE scope = ? AND owner = ? AND name = ?", ps -> {
      ps.setString(1, scope.name());
      ps.setString(2, own);
      ps.setString(3, name);
    });
    if (n == 0) {
      throw new NotFoundException(
          "KeyValuePair with name \"" + name + "\" and scope \"" + scope.wire() + "\" not found");
    }
  }

  /**
   * {@code st2kv.system.*} and {@code st2kv.user.*} for templates rendered on behalf of
   * {@code user} (null: system scope only). As in StackStorm, a secret comes back as stored
   * (encrypted): a template never decrypts by accident, only through the {@code decrypt_kv}
   * filter, which this lookup answers for the secrets {@code user} can read (system secrets and
   * their own user secrets), never for another user's.
   */
  public KeyValueLookup lookup(String user) {
    return new KeyValueLookup() {
      @Override
      public Optional<String> get(String scope, String key) {
        Scope s = "user".equals(scope) ? Scope.USER : Scope.SYSTEM;
        if (s == Scope.USER && user == null) {
          return Optional.empty();
        }
        return find(s, user, key, false).map(KeyValuePair::value);
      }

      @Override
      public Optional<String> decrypt(String stored) {
        return isReadableSecret(stored, user) ? Optional.of(box.decrypt(stored)) : Optional.empty();
      }
    };
  }

  /**
   * Whether {@code stored} is, byte for byte, the stored form of a live secret that {@code user}
   * may read. Each encryption has a fresh IV, so a stored form names exactly one secret. One
   * query per {@code decrypt_kv}; the value column is not indexed, which a datastore's handful of
   * secrets does not need.
   */
  private boolean isReadableSecret(String stored, String user) {
    return jdbc.query(
        "SELECT secret FROM kv_pairs WHERE secret = TRUE AND kv_value = ?"
            + " AND (scope = 'SYSTEM' OR (scope = 'USER' AND owner = ?))"
            + " AND (expires_at IS NULL OR expires_at > ?)",
        ps -> {
          ps.setString(1, stored);
          ps.setString(2, user == null ? "" : user);
          ps.setObject(3, Jdbc.ts(clock.instant()));
        }, ResultSet::next);
  }

  /** Removes expired keys; returns how many. */
  public int purgeExpired() {
    return jdbc.update("DELETE FROM kv_pairs WHERE expires_at IS NOT NULL AND expires_at <= ?",
        ps -> ps.setObject(1, Jdbc.ts(clock.instant())));
  }

  private List<KeyValuePair> read(ResultSet rs, boolean decrypt) throws SQLException {
    List<KeyValuePair> out = new ArrayList<>();
    while (rs.next()) {
      boolean secret = rs.getBoolean(5);
      String value = rs.getString(4);
      out.add(new KeyValuePair(Scope.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
          secret && decrypt ? box.decrypt(value) : value, secret, rs.getString(6),
          Jdbc.instant(rs, 7), Jdbc.instant(rs, 8)));
    }
    return out;
  }

  private static String ownerFor(Scope scope, String owner) {
    if (scope == Scope.SYSTEM) {
      return "";
    }
    if (owner == null || owner.isBlank()) {
      throw new BadRequestException("A user-scoped key needs a user");
    }
    return owner;
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
