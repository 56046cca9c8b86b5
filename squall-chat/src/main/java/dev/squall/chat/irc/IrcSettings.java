package dev.squall.chat.irc;

import dev.squall.core.config.ConfigException;
import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import dev.squall.chat.ConfigSection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to reach one IRC network.
 *
 * @param tlsVerify check the server certificate and host name (turn off only for self-signed test
 *     servers)
 * @param password the server password sent with {@code PASS}, or null
 * @param saslUser SASL PLAIN account (needs {@code saslPassword}), or null for no SASL
 * @param nickservPassword sent as {@code PRIVMSG NickServ :IDENTIFY <password>} after welcome, or null
 * @param channels channels to join, with their {@code #}
 * @param floodBurst lines that may go out back to back before the flood interval applies
 * @param floodInterval the steady pace after the burst: one line per interval
 * @param queueCapacity outgoing lines held while disconnected or throttled; beyond it {@code send}
 *     refuses with an error rather than dropping lines silently
 * @param reconnectMin first reconnect delay; doubles on every failed attempt up to {@code reconnectMax}
 * @param colors whether a failed execution's result starts with a bold red {@code failed:} (mIRC
 *     colour codes); off for channels that strip or refuse colours (mode {@code +c})
 */
public record IrcSettings(
    String server, int port, boolean tls, boolean tlsVerify, String nick, String username,
    String realname, String password, String saslUser, String saslPassword, String nickservPassword,
    List<String> channels, int floodBurst, Duration floodInterval, int queueCapacity,
    Duration reconnectMin, Duration reconnectMax, boolean colors) {

  private static final Set<String> KEYS = Set.of(
      "server", "port", "tls", "tls_verify", "nick", "username", "realname", "password", "sasl_user",
      "sasl_password", "nickserv_password", "channels", "flood_burst", "flood_interval_ms",
      "queue_size", "reconnect_min_ms", "reconnect_max_ms", "colors");

  public IrcSettings {
    channels = List.copyOf(channels);
    if (saslUser != null && saslPassword == null) {
      throw new BadRequestException("IRC sasl_user is set but sasl_password is missing");
    }
  }

  /**
   * Reads a {@code chat.<name>} section. Keys: {@code server} (required), {@code port} (6667, or
   * 6697 with TLS), {@code tls}, {@code tls_verify} (true), {@code nick} (squall), {@code username}
   * (the nick), {@code realname}, {@code password}, {@code sasl_user}, {@code sasl_password},
   * {@code nickserv_password}, {@code channels}, {@code flood_burst} (5), {@code flood_interval_ms}
   * (500), {@code queue_size} (1000), {@code reconnect_min_ms} (1000), {@code reconnect_max_ms}
   * (60000), {@code colors} (true).
   */
  public static IrcSettings fromConfig(String name, Map<String, Object> section) {
    ConfigSection c = new ConfigSection("chat." + name, section, KEYS);
    boolean tls = c.bool("tls", false);
    String nick = c.string("nick", "squall");
    if (nick.contains(" ") || nick.startsWith("#") || nick.startsWith(":")) {
      throw new ConfigException("chat." + name + ".nick", "'" + nick + "' is not a valid IRC nick");
    }
    List<String> channels = c.list("channels").stream()
        .map(ch -> "#&+!".indexOf(ch.charAt(0)) >= 0 ? ch : "#" + ch)
        .toList();
    return new IrcSettings(
        c.required("server"), c.integer("port", tls ? 6697 : 6667, 1, 65535), tls,
        c.bool("tls_verify", true), nick, c.string("username", nick),
        c.string("realname", "Squall ChatOps bot"), c.string("password", null),
        c.string("sasl_user", null), c.string("sasl_password", null),
        c.string("nickserv_password", null), channels, c.integer("flood_burst", 5, 1, 1000),
        Duration.ofMillis(c.integer("flood_interval_ms", 500, 0, 600_000)),
        c.integer("queue_size", 1000, 1, 1_000_000),
        Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000)),
        Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000)),
        c.bool("colors", true));
  }
}
