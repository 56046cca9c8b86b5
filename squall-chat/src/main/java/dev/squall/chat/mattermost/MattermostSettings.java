package dev.squall.chat.mattermost;

import dev.squall.chat.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How to reach one Mattermost server as a bot.
 *
 * @param url the server's base URL, e.g. {@code https://chat.example.org} (no trailing slash)
 * @param token a bot or personal access token, sent as {@code Authorization: Bearer}
 * @param queueCapacity posts held while disconnected; beyond it {@code send} refuses
 */
public record MattermostSettings(
    URI url, String token, int queueCapacity, Duration reconnectMin, Duration reconnectMax) {

  private static final Set<String> KEYS = Set.of("url", "token", "queue_size", "reconnect_min_ms", "reconnect_max_ms");

  /**
   * Reads a {@code chat.<name>} section. Keys: {@code url} and {@code token} (required),
   * {@code queue_size} (1000), {@code reconnect_min_ms} (1000), {@code reconnect_max_ms} (60000).
   */
  public static MattermostSettings fromConfig(String name, Map<String, Object> section) {
    ConfigSection c = new ConfigSection("chat." + name, section, KEYS);
    URI url = c.url("url", null, "https://chat.example.org");
    return new MattermostSettings(url, c.required("token"), c.integer("queue_size", 1000, 1, 1_000_000),
        Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000)),
        Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000)));
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
