package dev.squall.engine.auth;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.jdbc.Jdbc;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Chat identities linked to Squall users, by an administrator ({@code squall user link}) or by
 * the chat user themselves: {@code !link} issues a one-time token, and logging in on the link
 * page with it links the identity that asked. Tokens are stored only as digests and can be
 * redeemed once, within {@link #TOKEN_LIFE}.
 */
public final class ChatLinks {

  public static final Duration TOKEN_LIFE = Duration.ofMinutes(10);

  private final Jdbc jdbc;
  private final Clock clock;

  public ChatLinks(DataSource db, Clock clock) {
    this.jdbc = new Jdbc(db, "auth store");
    this.clock = clock;
  }

  /** Links {@code adapter:chatUserId} to {@code user}, replacing any earlier link of that identity. */
  public ChatLink link(String user, String adapter, String chatUserId) {
    check(adapter, chatUserId);
    Instant now = clock.instant();
    jdbc.transaction(c -> {
      if (!Jdbc.query(c, "SELECT 1 FROM users WHERE name = ?", ps -> ps.setString(1, user), ResultSet::next)) {
        throw new NotFoundException("User \"" + user + "\" not found");
      }
      Jdbc.update(c, "DELETE FROM chat_links WHERE adapter = ? AND chat_user_id = ?", ps -> {
        ps.setString(1, adapter);
        ps.setString(2, chatUserId);
      });
      Jdbc.update(c, "INSERT INTO chat_links (adapter, chat_user_id, user_name, linked_at) VALUES (?, ?, ?, ?)",
          ps -> {
            ps.setString(1, adapter);
            ps.setString(2, chatUserId);
            ps.setString(3, user);
            ps.setObject(4, Jdbc.ts(now));
          });
    });
    return new ChatLink(adapter, chatUserId, user, now);
  }

  /** Removes the link of {@code adapter:chatUserId} to {@code user}. */
  public void unlink(String user, String adapter, String chatUserId) {
    int n = jdbc.update("DELETE FROM chat_links WHERE user_name = ? AND adapter = ? AND chat_user_id = ?", ps -> {
      ps.setString(1, user);
      ps.setString(2, adapter);
      ps.setString(3, chatUserId);
    });
    if (n == 0) {
      throw new NotFoundException("User \"" + user + "\" has no link to " + adapter + ":" + chatUserId);
    }
  }

  /** The Squall user {@code adapter:chatUserId} is linked to, if any. */
  public Optional<String> userOf(String adapter, String chatUserId) {
    return jdbc.query("SELECT user_name FROM chat_links WHERE adapter = ? AND chat_user_id = ?", ps -> {
      ps.setString(1, adapter);
      ps.setString(2, chatUserId);
    }, rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty());
  }

  /** The chat identities linked to {@code user}. */
  public List<ChatLink> linksOf(String user) {
    return jdbc.query("SELECT adapter, chat_user_id, user_name, linked_at FROM chat_links WHERE user_name = ? "
        + "ORDER BY adapter, chat_user_id", ps -> ps.setString(1, user), rs -> {
          List<ChatLink> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new ChatLink(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, 4)));
          }
          return out;
        });
  }

  /** A one-time token with which {@code adapter:chatUserId} links itself; expired ones are dropped. */
  public String issueToken(String adapter, String chatUserId) {
    check(adapter, chatUserId);
    Instant now = clock.instant();
    String token = Secrets.randomHex(32);
    jdbc.transaction(c -> {
      Jdbc.update(c, "DELETE FROM chat_link_tokens WHERE expiry <= ?", ps -> ps.setObject(1, Jdbc.ts(now)));
      Jdbc.update(c, "INSERT INTO chat_link_tokens (token_hash, adapter, chat_user_id, expiry) VALUES (?, ?, ?, ?)",
          ps -> {
            ps.setString(1, Secrets.sha256(token));
            ps.setString(2, adapter);
            ps.setString(3, chatUserId);
            ps.setObject(4, Jdbc.ts(now.plus(TOKEN_LIFE)));
          });
    });
    return token;
  }

  /** The chat identity ({@code adapter:id}) a token would link, while it is unused and unexpired. */
  public Optional<String> pending(String token) {
    return jdbc.query("SELECT adapter, chat_user_id, expiry FROM chat_link_tokens WHERE token_hash = ?",
        ps -> ps.setString(1, Secrets.sha256(token)),
        rs -> rs.next() && Jdbc.instant(rs, 3).isAfter(clock.instant())
            ? Optional.of(rs.getString(1) + ":" + rs.getString(2)) : Optional.empty());
  }

  /**
   * Uses a token up and links its chat identity to {@code user} (who has just proved who they
   * are). Of two concurrent redemptions only one links.
   *
   * @throws NotFoundException when the token was used, has expired or never existed
   */
  public ChatLink redeem(String token, String user) {
    String hash = Secrets.sha256(token);
    String[] identity = new String[2];
    jdbc.transaction(c -> {
      identity[0] = null;
      Jdbc.query(c, "SELECT adapter, chat_user_id, expiry FROM chat_link_tokens WHERE token_hash = ?",
          ps -> ps.setString(1, hash), rs -> {
            if (rs.next() && Jdbc.instant(rs, 3).isAfter(clock.instant())) {
              identity[0] = rs.getString(1);
              identity[1] = rs.getString(2);
            }
            return null;
          });
      if (Jdbc.update(c, "DELETE FROM chat_link_tokens WHERE token_hash = ?", ps -> ps.setString(1, hash)) == 0) {
        identity[0] = null;
      }
    });
    if (identity[0] == null) {
      throw invalid();
    }
    return link(user, identity[0], identity[1]);
  }

  public static NotFoundException invalid() {
    return new NotFoundException("This link is not valid: it was used already, has expired (links last "
        + TOKEN_LIFE.toMinutes() + " minutes) or never existed. Ask the bot for a new one with !link.");
  }

  private static void check(String adapter, String chatUserId) {
    if (adapter == null || adapter.isBlank() || adapter.length() > 100 || chatUserId == null
        || chatUserId.isBlank() || chatUserId.length() > 400) {
      throw new BadRequestException("A chat identity is adapter:id (adapter up to 100 characters, id up to 400)");
    }
  }
}
