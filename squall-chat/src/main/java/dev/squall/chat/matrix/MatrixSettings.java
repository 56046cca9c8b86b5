package dev.squall.chat.matrix;

import dev.squall.core.config.ConfigException;
import dev.squall.chat.ConfigSection;
import dev.squall.core.error.BadRequestException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to reach one Matrix homeserver as the bot's account.
 *
 * @param homeserver the client-server API base URL, e.g. {@code https://matrix.example.org} (no
 *     trailing slash; the {@code /_matrix/client/v3} paths are added to it)
 * @param accessToken a long-lived access token, or null to log in with {@code user} + {@code password}
 * @param user the bot's user id ({@code @squall:example.org}) or localpart, for password login
 * @param password the account's password, also used to log in again when the token is rejected
 * @param rooms room ids ({@code !abc:example.org}) or aliases ({@code #ops:example.org}) joined at
 *     every connect
 * @param msgtype what the bot's messages are: {@code m.notice} (the spec's type for automated
 *     output, which other bots must not answer) or {@code m.text}
 * @param joinInvites whether to accept every room invite (how users open a DM with the bot)
 * @param syncTimeout how long the homeserver may hold one {@code /sync} long-poll open
 */
public record MatrixSettings(URI homeserver, String accessToken, String user, String password,
    List<String> rooms, String msgtype, boolean joinInvites, int queueCapacity,
    Duration reconnectMin, Duration reconnectMax, Duration syncTimeout) {

  private static final Set<String> KEYS = Set.of("homeserver", "access_token", "user", "password",
      "rooms", "msgtype", "join_invites", "queue_size", "reconnect_min_ms", "reconnect_max_ms",
      "sync_timeout_ms");

  public MatrixSettings {
    rooms = List.copyOf(rooms);
  }

  /**
   * Reads a {@code chat.<name>} section. Keys: {@code homeserver} (required); {@code access_token},
   * or {@code user} and {@code password}; {@code rooms} (none), {@code msgtype} ({@code m.notice}),
   * {@code join_invites} (true), {@code queue_size} (1000), {@code reconnect_min_ms} (1000),
   * {@code reconnect_max_ms} (60000), {@code sync_timeout_ms} (30000).
   */
  public static MatrixSettings fromConfig(String name, Map<String, Object> section) {
    String where = "chat." + name;
    ConfigSection c = new ConfigSection(where, section, KEYS);
    URI url = c.url("homeserver", null, "https://matrix.example.org");
    String token = c.string("access_token", null);
    String user = c.string("user", null);
    String password = c.string("password", null);
    if (token == null && user == null && password == null) {
      throw new ConfigException(where + ".access_token", "is required (or " + where + ".user and "
          + where + ".password to log in)");
    }
    if (token == null && user == null) {
      throw new ConfigException(where + ".user", "is required with " + where + ".password");
    }
    if (user != null && password == null) {
      throw new ConfigException(where + ".password", "is required with " + where + ".user");
    }
    for (String room : c.list("rooms")) {
      if (!(room.startsWith("!") || room.startsWith("#")) || !room.contains(":")) {
        throw new BadRequestException(where + ".rooms: '" + room
            + "' is neither a room id (!abc:example.org) nor an alias (#ops:example.org)");
      }
    }
    String msgtype = c.string("msgtype", "m.notice");
    if (!msgtype.equals("m.notice") && !msgtype.equals("m.text")) {
      throw new ConfigException(where + ".msgtype", "must be m.notice or m.text, got '" + msgtype + "'");
    }
    Duration min = Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000));
    Duration max = Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000));
    if (max.compareTo(min) < 0) {
      throw new ConfigException(where + ".reconnect_max_ms", "must not be below reconnect_min_ms");
    }
    return new MatrixSettings(url, token, user, password, c.list("rooms"), msgtype,
        c.bool("join_invites", true), c.integer("queue_size", 1000, 1, 1_000_000), min, max,
        Duration.ofMillis(c.integer("sync_timeout_ms", 30_000, 1000, 300_000)));
  }

  /** Whether a rejected access token can be replaced by logging in again. */
  boolean canLogIn() {
    return user != null && password != null;
  }

  @Override
  public String toString() {
    return "MatrixSettings[homeserver=" + homeserver + ", user=" + user + ", rooms=" + rooms + "]"; // no secrets
  }
}
