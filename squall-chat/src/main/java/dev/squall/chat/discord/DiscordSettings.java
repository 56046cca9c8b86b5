package dev.squall.chat.discord;

import dev.squall.core.config.ConfigException;
import dev.squall.chat.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One Discord bot's connection settings.
 *
 * @param token the bot token from the Developer Portal, sent as {@code Authorization: Bot <token>}
 * @param apiUrl the REST API base with its version and no trailing slash
 *     ({@code https://discord.com/api/v10}); overridable so tests can use a fake
 * @param queueCapacity messages held while disconnected; beyond it {@code send} refuses
 */
public record DiscordSettings(String token, URI apiUrl, int queueCapacity, Duration reconnectMin,
    Duration reconnectMax) {

  private static final Set<String> KEYS =
      Set.of("token", "api_url", "queue_size", "reconnect_min_ms", "reconnect_max_ms");

  /**
   * Reads a {@code chat.<name>} section. Keys: {@code token} (required; a pasted {@code Bot }
   * prefix is dropped), {@code api_url} ({@code https://discord.com/api/v10}), {@code queue_size}
   * (1000), {@code reconnect_min_ms} (1000), {@code reconnect_max_ms} (60000).
   */
  public static DiscordSettings fromConfig(String name, Map<String, Object> section) {
    String where = "chat." + name;
    ConfigSection c = new ConfigSection(where, section, KEYS);
    String token = c.required("token").strip();
    if (token.regionMatches(true, 0, "Bot ", 0, 4)) {
      token = token.substring(4).strip();
    }
    URI apiUrl = c.url("api_url", "https://discord.com/api/v10", "https://discord.com/api/v10");
    Duration min = Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000));
    Duration max = Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000));
    if (max.compareTo(min) < 0) {
      throw new ConfigException(where + ".reconnect_max_ms", "must not be below reconnect_min_ms");
    }
    return new DiscordSettings(token, apiUrl, c.integer("queue_size", 1000, 1, 1_000_000), min, max);
  }

  /** A REST endpoint, {@code path} starting with {@code /}. */
  URI api(String path) {
    return URI.create(apiUrl + path);
  }

  @Override
  public String toString() {
    return "DiscordSettings[apiUrl=" + apiUrl + "]"; // never print the token
  }
}
