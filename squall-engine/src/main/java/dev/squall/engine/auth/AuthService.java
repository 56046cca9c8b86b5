package dev.squall.engine.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ConflictException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.error.UnauthorizedException;
import dev.squall.engine.jdbc.Jdbc;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, login tokens and API keys. Passwords are checked with a slow KDF and failed logins are
 * throttled; tokens and keys are stored only as digests, so a copy of the database yields no
 * usable credential.
 */
public final class AuthService {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

  private final Jdbc jdbc;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Duration tokenTtl;
  private final LoginThrottle throttle;

  public AuthService(DataSource db, PasswordHasher hasher, Clock clock, Duration tokenTtl) {
    this.jdbc = new Jdbc(db, "auth store");
    this.hasher = hasher;
    this.clock = clock;
    this.tokenTtl = tokenTtl;
    this.throttle = LoginThrottle.standard(clock);
  }

  /** The default token lifetime, for clients that ask for none. */
  public Duration tokenTtl() {
    return tokenTtl;
  }

  public boolean userExists(String name) {
    return jdbc.query("SELECT 1 FROM users WHERE name = ?", ps -> ps.setString(1, name),
        ResultSet::next);
  }

  public boolean isAdmin(String name) {
    return jdbc.query("SELECT is_admin FROM users WHERE name = ?", ps -> ps.setString(1, name),
        rs -> rs.next() && rs.getBoolean(1));
  }

  /** Creates a user; a null password makes an account that can only use API keys or chat. */
  public void createUser(String name, String password, boolean admin) {
    createUser(name, password, admin, List.of());
  }

  /** Creates a user holding {@code roles} (role names; their existence is the caller's to check). */
  public void createUser(String name, String password, boolean admin, List<String> roles) {
    if (name == null || !name.matches("[A-Za-z0-9_.@-]{1,200}")) {
      throw new BadRequestException("user name must be 1-200 letters, digits or _.@- : " + name);
    }
    if (userExists(name)) {
      throw new ConflictException("User \"" + name + "\" already exists");
    }
    jdbc.update("INSERT INTO users (name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?)",
        ps -> {
          ps.setString(1, name);
          ps.setString(2, password == null ? null : hasher.hash(password));
          ps.setBoolean(3, admin);
          ps.setObject(4, now());
        });
    setRoles(name, roles);
  }

  /** Every user, by name. */
  public List<User> listUsers() {
    return users(null);
  }

  public Optional<User> user(String name) {
    return users(name).stream().findFirst();
  }

  private List<User> users(String name) {
    Map<String, List<String>> roles = byUser("SELECT user_name, role FROM user_roles", "role", name);
    Map<String, List<String>> groups = byUser("SELECT user_name, group_name FROM user_groups", "group_name", name);
    return jdbc.query("SELECT name, is_admin, enabled, password_hash IS NOT NULL, created_at FROM users"
            + (name == null ? "" : " WHERE name = ?") + " ORDER BY name", ps -> {
          if (name != null) {
            ps.setString(1, name);
          }
        }, rs -> {
          List<User> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new User(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(),
                List.copyOf(roles.getOrDefault(rs.getString(1), List.of())),
                List.copyOf(groups.getOrDefault(rs.getString(1), List.of()))));
          }
          return out;
        });
  }

  /** The second column of {@code select}, per user (one user's when {@code name} is given). */
  private Map<String, List<String>> byUser(String select, String orderBy, String name) {
    Map<String, List<String>> out = new java.util.HashMap<>();
    jdbc.query(select + (name == null ? "" : " WHERE user_name = ?") + " ORDER BY " + orderBy, ps -> {
      if (name != null) {
        ps.setString(1, name);
      }
    }, rs -> {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
      return null;
    });
    return out;
  }

  /** Replaces the groups an administrator declared a user in. */
  public void setGroups(String name, List<String> groups) {
    jdbc.transaction(c -> {
      Jdbc.update(c, "DELETE FROM user_groups WHERE user_name = ?", ps -> ps.setString(1, name));
      for (String group : new java.util.TreeSet<>(groups)) {
        if (group.isBlank() || group.length() > 400) {
          throw new BadRequestException("a group name must be 1-400 characters: \"" + group + "\"");
        }
        Jdbc.update(c, "INSERT INTO user_groups (user_name, group_name) VALUES (?, ?)", ps -> {
          ps.setString(1, name);
          ps.setString(2, group);
        });
      }
    });
  }

  /** Replaces the roles a user was given through the API or CLI. */
  public void setRoles(String name, List<String> roles) {
    jdbc.transaction(c -> {
      Jdbc.update(c, "DELETE FROM user_roles WHERE user_name = ?", ps -> ps.setString(1, name));
      for (String role : new java.util.TreeSet<>(roles)) {
        Jdbc.update(c, "INSERT INTO user_roles (user_name, role) VALUES (?, ?)", ps -> {
          ps.setString(1, name);
          ps.setString(2, role);
        });
      }
    });
  }

  /**
   * Enables or disables a user: a disabled user's password, tokens and API keys stop working at
   * once, and its executions stay. The last enabled administrator cannot be disabled.
   */
  public void setEnabled(String name, boolean enabled) {
    User u = user(name).orElseThrow(() -> notFound(name));
    if (!enabled && u.admin() && u.enabled() && enabledAdmins() == 1) {
      throw new ConflictException("User \"" + name + "\" is the last enabled administrator");
    }
    jdbc.update("UPDATE users SET enabled = ? WHERE name = ?", ps -> {
      ps.setBoolean(1, enabled);
      ps.setString(2, name);
    });
  }

  /** Deletes a user with its tokens, API keys and roles; the last enabled administrator stays. */
  public void deleteUser(String name) {
    User u = user(name).orElseThrow(() -> notFound(name));
    if (u.admin() && u.enabled() && enabledAdmins() == 1) {
      throw new ConflictException("User \"" + name + "\" is the last enabled administrator");
    }
    jdbc.update("DELETE FROM users WHERE name = ?", ps -> ps.setString(1, name));
  }

  private int enabledAdmins() {
    return jdbc.query("SELECT COUNT(*) FROM users WHERE is_admin AND enabled", ps -> { },
        rs -> rs.next() ? rs.getInt(1) : 0);
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("User \"" + name + "\" not found");
  }

  public void setPassword(String name, String password) {
    int n = jdbc.update("UPDATE users SET password_hash = ? WHERE name = ?", ps -> {
      ps.setString(1, hasher.hash(password));
      ps.setString(2, name);
    });
    if (n == 0) {
      throw notFound(name);
    }
  }

  /**
   * Checks a password and issues a token; {@code ttl} null means the default lifetime. Failures
   * are throttled per (user, {@code address}), the caller's network address, and logged with it.
   */
  public Token login(String user, String password, Duration ttl, String address) {
    verifyPassword(user, password, address);
    return issueToken(user, ttl);
  }

  /**
   * Checks an enabled user's password, throttled and logged as a login is (the chat link page
   * proves who a chat user is this way, without a token).
   *
   * @throws UnauthorizedException when the user, or the password, is wrong
   */
  public void verifyPassword(String user, String password, String address) {
    throttle.check(user, address);
    String stored = jdbc.query("SELECT password_hash FROM users WHERE name = ? AND enabled",
        ps -> ps.setString(1, user), rs -> rs.next() ? rs.getString(1) : null);
    if (stored == null || !hasher.verify(password, stored)) {
      throttle.failed(user, address);
      LOG.warn("Failed login for user \"{}\" from {}", user, address);
      throw new UnauthorizedException("Invalid or missing credentials");
    }
    throttle.succeeded(user, address);
  }

  /** Issues a token without a password, for the server's own CLI token at first start. */
  public Token issueToken(String user, Duration ttl) {
    Duration life = ttl == null ? tokenTtl : ttl;
    if (life.isNegative() || life.isZero() || life.compareTo(tokenTtl) > 0) {
      throw new BadRequestException(
          "Requested token ttl " + life.toSeconds() + " s is not between 1 and " + tokenTtl.toSeconds());
    }
    String id = Secrets.randomHex(12);
    String token = Secrets.randomHex(32);
    Instant issued = clock.instant();
    Instant expiry = issued.plus(life);
    jdbc.update("INSERT INTO tokens (id, token_hash, user_name, issued_at, expiry) VALUES (?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, id);
          ps.setString(2, Secrets.sha256(token));
          ps.setString(3, user);
          ps.setObject(4, Jdbc.ts(issued));
          ps.setObject(5, Jdbc.ts(expiry));
        });
    return new Token(id, token, user, issued, expiry);
  }

  public Principal authenticateToken(String token) {
    return jdbc.query("SELECT t.user_name, t.expiry, u.is_admin FROM tokens t "
            + "JOIN users u ON u.name = t.user_name WHERE t.token_hash = ? AND u.enabled",
        ps -> ps.setString(1, Secrets.sha256(token)),
        rs -> {
          if (!rs.next()) {
            throw new UnauthorizedException("Token is invalid or expired");
          }
          Instant expiry = Jdbc.instant(rs, 2);
          if (!expiry.isAfter(clock.instant())) {
            throw new UnauthorizedException("Token has expired");
          }
          return new Principal(rs.getString(1), rs.getBoolean(3), "token");
        });
  }

  /** When a token expires (what {@code st2 whoami} shows), or empty for an unknown token. */
  public Optional<Instant> tokenExpiry(String token) {
    return jdbc.query("SELECT expiry FROM tokens WHERE token_hash = ?", ps -> ps.setString(1, Secrets.sha256(token)),
        rs -> rs.next() ? Optional.of(Jdbc.instant(rs, 1)) : Optional.empty());
  }

  public Principal authenticateApiKey(String key) {
    return jdbc.query("SELECT k.user_name, k.enabled, u.is_admin FROM api_keys k "
            + "JOIN users u ON u.name = k.user_name WHERE k.key_hash = ? AND u.enabled",
        ps -> ps.setString(1, Secrets.sha256(key)),
        rs -> {
          if (!rs.next() || !rs.getBoolean(2)) {
            throw new UnauthorizedException("API key is invalid or disabled");
          }
          return new Principal(rs.getString(1), rs.getBoolean(3), "api_key");
        });
  }

  /** Creates an API key; the returned record carries the key itself, this one time only. */
  public ApiKey createApiKey(String user, Map<String, Object> metadata) {
    if (!userExists(user)) {
      throw new NotFoundException("User \"" + user + "\" not found");
    }
    String id = Secrets.randomHex(12);
    String key = Secrets.randomHex(32);
    Instant created = clock.instant();
    jdbc.update("INSERT INTO api_keys (id, key_hash, user_name, enabled, created_at, metadata) "
        + "VALUES (?, ?, ?, TRUE, ?, ?)", ps -> {
          ps.setString(1, id);
          ps.setString(2, Secrets.sha256(key));
          ps.setString(3, user);
          ps.setObject(4, Jdbc.ts(created));
          ps.setString(5, toJson(metadata));
        });
    return new ApiKey(id, user, true, created, metadata == null ? Map.of() : metadata, key);
  }

  /** API keys, without their secret; all of them, or one user's when {@code user} is given. */
  public List<ApiKey> listApiKeys(String user) {
    return jdbc.query("SELECT id, user_name, enabled, created_at, metadata FROM api_keys"
            + (user == null ? "" : " WHERE user_name = ?") + " ORDER BY created_at, id",
        ps -> {
          if (user != null) {
            ps.setString(1, user);
          }
        },
        rs -> {
          List<ApiKey> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                Jdbc.instant(rs, 4), fromJson(rs.getString(5)), null));
          }
          return out;
        });
  }

  public Optional<ApiKey> apiKey(String id) {
    return listApiKeys(null).stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** Ends a token before its expiry (an execution's token once the execution is over). */
  public void revokeToken(String id) {
    jdbc.update("DELETE FROM tokens WHERE id = ?", ps -> ps.setString(1, id));
  }

  public void deleteApiKey(String id) {
    if (jdbc.update("DELETE FROM api_keys WHERE id = ?", ps -> ps.setString(1, id)) == 0) {
      throw new NotFoundException("ApiKey with id \"" + id + "\" not found");
    }
  }

  private OffsetDateTime now() {
    return Jdbc.ts(clock.instant());
  }

  private static String toJson(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m == null ? Map.of() : m);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("metadata is not serializable: " + e.getOriginalMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fromJson(String s) {
    try {
      return s == null ? Map.of() : JSON.readValue(s, Map.class);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
