package dev.squall.chat.xmpp;

import dev.squall.core.config.ConfigException;
import java.time.Duration;
import dev.squall.chat.ConfigSection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to reach one XMPP account.
 *
 * @param jid the bot's bare JID, e.g. {@code squall@example.org}
 * @param host the server to connect to when it is not found from the JID's domain (SRV), or null
 * @param tls {@code required} (default), {@code ifpossible} or {@code disabled}
 * @param tlsVerify check the server certificate (turn off only for self-signed servers)
 * @param rooms MUC room JIDs to join, e.g. {@code ops@conference.example.org}
 * @param nickname the bot's nickname in rooms (default: the JID's local part)
 * @param maxMessageLength longer texts are sent as several messages, in order
 * @param queueCapacity messages held while disconnected; beyond it {@code send} refuses
 */
public record XmppSettings(
    String jid, String password, String host, int port, TlsMode tls, boolean tlsVerify,
    List<String> rooms, String nickname, String resource, int maxMessageLength, int queueCapacity,
    Duration reconnectMin, Duration reconnectMax) {

  public enum TlsMode { REQUIRED, IFPOSSIBLE, DISABLED }

  private static final Set<String> KEYS = Set.of(
      "jid", "password", "host", "port", "tls", "tls_verify", "rooms", "nickname", "resource",
      "max_message_length", "queue_size", "reconnect_min_ms", "reconnect_max_ms");

  public XmppSettings {
    rooms = List.copyOf(rooms);
  }

  /**
   * Reads a {@code chat.<name>} section. Keys: {@code jid} and {@code password} (required),
   * {@code host}, {@code port} (5222), {@code tls} (required|ifpossible|disabled),
   * {@code tls_verify} (true), {@code rooms}, {@code nickname}, {@code resource} (squall),
   * {@code max_message_length} (10000), {@code queue_size} (1000), {@code reconnect_min_ms}
   * (1000), {@code reconnect_max_ms} (60000).
   */
  public static XmppSettings fromConfig(String name, Map<String, Object> section) {
    String where = "chat." + name;
    ConfigSection c = new ConfigSection(where, section, KEYS);
    String jid = c.required("jid");
    int at = jid.indexOf('@');
    if (at <= 0 || at == jid.length() - 1 || jid.contains("/")) {
      throw new ConfigException(where + ".jid", "'" + jid + "' must be a bare JID like bot@example.org");
    }
    String tlsText = c.string("tls", "required");
    TlsMode tls;
    try {
      tls = TlsMode.valueOf(tlsText.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ".tls", "must be required, ifpossible or disabled, got '" + tlsText + "'");
    }
    for (String room : c.list("rooms")) {
      if (!room.contains("@")) {
        throw new ConfigException(where + ".rooms", "entry '" + room
            + "' must be a room JID like ops@conference." + jid.substring(at + 1));
      }
    }
    return new XmppSettings(jid, c.required("password"), c.string("host", null),
        c.integer("port", 5222, 1, 65535), tls, c.bool("tls_verify", true), c.list("rooms"),
        c.string("nickname", jid.substring(0, at)), c.string("resource", "squall"),
        c.integer("max_message_length", 10_000, 100, 1_000_000), c.integer("queue_size", 1000, 1, 1_000_000),
        Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000)),
        Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000)));
  }
}
