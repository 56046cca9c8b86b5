package dev.squall.chat.slack;

import dev.squall.core.config.ConfigException;
import dev.squall.chat.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One Slack app's connection settings.
 *
 * @param appToken the app-level token ({@code xapp-…}) that opens Socket Mode connections
 * @param botToken the bot token ({@code xoxb-…}) for the Web API
 * @param apiUrl the Web API base, ending in {@code /}; overridable so tests can use a fake
 * @param successColor a result's attachment colour (StackStorm's {@code ST2_SLACK_SUCCESS_COLOR})
 * @param failColor a failed result's attachment colour ({@code ST2_SLACK_FAIL_COLOR})
 */
public record SlackSettings(String appToken, String botToken, URI apiUrl, int queueCapacity,
    Duration reconnectMin, Duration reconnectMax, String successColor, String failColor) {

  private static final Set<String> KEYS = Set.of("app_token", "bot_token", "api_url", "queue_size",
      "reconnect_min_ms", "reconnect_max_ms", "success_color", "fail_color");

  public static SlackSettings fromConfig(String name, Map<String, Object> section) {
    String where = "chat." + name;
    ConfigSection c = new ConfigSection(where, section, KEYS);
    String app = c.required("app_token");
    if (!app.startsWith("xapp-")) {
      throw new ConfigException(where + ".app_token", "must be an app-level token starting with xapp-");
    }
    String bot = c.required("bot_token");
    if (!bot.startsWith("xoxb-")) {
      throw new ConfigException(where + ".bot_token", "must be a bot token starting with xoxb-");
    }
    String api = c.string("api_url", "https://slack.com/api/");
    URI apiUrl;
    try {
      apiUrl = URI.create(api.endsWith("/") ? api : api + "/");
      if (apiUrl.getScheme() == null || !apiUrl.getScheme().startsWith("http")) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ".api_url", "must be an http(s) URL, got '" + api + "'");
    }
    Duration min = Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000));
    Duration max = Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000));
    if (max.compareTo(min) < 0) {
      throw new ConfigException(where + ".reconnect_max_ms", "must not be below reconnect_min_ms");
    }
    return new SlackSettings(app, bot, apiUrl, c.integer("queue_size", 1000, 1, 1_000_000), min, max,
        c.string("success_color", "dfdfdf"), c.string("fail_color", "danger"));
  }

  @Override
  public String toString() {
    return "SlackSettings[apiUrl=" + apiUrl + "]"; // never print the tokens
  }
}
