package dev.squall.chat.mattermost;

import dev.squall.chat.ConfigSection;
import dev.squall.core.error.BadRequestException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to reach one Mattermost server as a bot.
 *
 * @param url the server's base URL, e.g. {@code https://chat.example.org} (no trailing slash)
 * @param token a bot or personal access token, sent as {@code Authorization: Bearer}
 * @param queueCapacity posts held while disconnected; beyond it {@code send} refuses
 * @param actions where Mattermost's interactive buttons call back, or null when questions are
 *     asked as text
 */
public record MattermostSettings(
    URI url, String token, int queueCapacity, Duration reconnectMin, Duration reconnectMax, Actions actions) {

  /**
   * The HTTP listener that serves the buttons' integration URL.
   *
   * @param listenHost the address it binds to
   * @param listenPort its port; 0 picks a free one
   * @param url what the Mattermost server POSTs to (through a proxy, say), or null for
   *     {@code http://listenHost:port/squall/actions}
   * @param secret signs each button's context, so that only the server that got the post can call
   *     back; when not configured a random one per start (older buttons then stop working)
   */
  public record Actions(String listenHost, int listenPort, URI url, String secret) {
    @Override
    public String toString() {
      return "Actions[" + listenHost + ":" + listenPort + ", url=" + url + "]"; // never print the secret
    }
  }

  /** The path the actions listener serves. */
  public static final String ACTIONS_PATH = "/squall/actions";

  public MattermostSettings(URI url, String token, int queueCapacity, Duration reconnectMin, Duration reconnectMax) {
    this(url, token, queueCapacity, reconnectMin, reconnectMax, null);
  }

  private static final Set<String> KEYS = Set.of("url", "token", "queue_size", "reconnect_min_ms", "reconnect_max_ms",
      "actions_listen_host", "actions_listen_port", "actions_url", "actions_secret");

  /**
   * Reads a {@code chat.<name>} section. Keys: {@code url} and {@code token} (required),
   * {@code queue_size} (1000), {@code reconnect_min_ms} (1000), {@code reconnect_max_ms} (60000);
   * for questions with buttons {@code actions_listen_port} (none: questions are text), with
   * {@code actions_listen_host} (127.0.0.1), {@code actions_url} and {@code actions_secret}.
   */
  public static MattermostSettings fromConfig(String name, Map<String, Object> section) {
    String where = "chat." + name;
    ConfigSection c = new ConfigSection(where, section, KEYS);
    URI url = c.url("url", null, "https://chat.example.org");
    Actions actions = null;
    if (section.get("actions_listen_port") != null) {
      String actionsUrl = c.string("actions_url", null);
      String secret = c.string("actions_secret", null);
      if (secret != null && secret.strip().length() < 16) {
        throw new BadRequestException(where + ".actions_secret must be at least 16 characters");
      }
      actions = new Actions(c.string("actions_listen_host", "127.0.0.1").strip(),
          c.integer("actions_listen_port", 0, 0, 65_535),
          actionsUrl == null ? null : c.url("actions_url", null, "https://squall.example.org" + ACTIONS_PATH),
          secret == null ? randomSecret() : secret.strip());
    } else {
      for (String key : List.of("actions_listen_host", "actions_url", "actions_secret")) {
        if (section.get(key) != null) {
          throw new BadRequestException(where + "." + key + " needs " + where + ".actions_listen_port");
        }
      }
    }
    return new MattermostSettings(url, c.required("token"), c.integer("queue_size", 1000, 1, 1_000_000),
        Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000)),
        Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000)), actions);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "MattermostSettings[url=" + url + ", actions=" + actions + "]"; // never print the token
  }

  /** The WebSocket endpoint: the base URL with ws(s) and {@code /api/v4/websocket}. */
  URI websocket() {
    String scheme = "https".equals(url.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + url.toString().substring(url.getScheme().length()) + "/api/v4/websocket");
  }

  URI api(String path) {
    return URI.create(url + "/api/v4" + path);
  }
}
