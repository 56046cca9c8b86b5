package dev.squall.chat;

import dev.squall.core.action.Closest;
import dev.squall.core.config.ConfigException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one adapter's config section. Values may arrive as strings (environment overrides such as
 * {@code SQUALL_CHAT_IRC_PORT=6697}), so numbers, booleans and lists are also accepted in text form.
 * Errors name the full key ({@code chat.irc.port}) and, for unknown keys, the closest valid one.
 */
public final class ConfigSection {

  private final String where;
  private final Map<String, Object> values;

  public ConfigSection(String where, Map<String, Object> values, Set<String> known) {
    this.where = where;
    this.values = values == null ? Map.of() : values;
    for (String key : this.values.keySet()) {
      if (!known.contains(key)) {
        String closest = Closest.nearest(key, known).orElse("");
        throw new ConfigException(where + "." + key, "is not a setting; did you mean " + where + "." + closest + "?");
      }
    }
  }

  public String string(String key, String fallback) {
    Object v = values.get(key);
    return v == null || v.toString().isBlank() ? fallback : v.toString();
  }

  public String required(String key) {
    String v = string(key, null);
    if (v == null) {
      throw new ConfigException(where + "." + key, "is required");
    }
    return v;
  }

  public int integer(String key, int fallback, int min, int max) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = v instanceof Number num ? num.intValue() : Integer.parseInt(v.toString().trim());
      if (n < min || n > max) {
        throw new ConfigException(where + "." + key, "must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(where + "." + key, "must be an integer, got '" + v + "'");
    }
  }

  public boolean bool(String key, boolean fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(where + "." + key, "must be true or false, got '" + v + "'");
    };
  }

  /**
   * An http(s) URL without trailing slashes, such as a server's base URL.
   *
   * @param fallback the default, or null when the key is required
   * @param example a valid value, shown in the error
   */
  public URI url(String key, String fallback, String example) {
    String text = (fallback == null ? required(key) : string(key, fallback)).strip();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    URI url;
    try {
      url = URI.create(text);
    } catch (IllegalArgumentException e) {
      url = null;
    }
    if (url == null || url.getHost() == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new ConfigException(where + "." + key, "'" + text + "' must be an http(s) URL like " + example);
    }
    return url;
  }

  /** A YAML list, or a comma-separated string. */
  public List<String> list(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> list) {
      return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    return Arrays.stream(v.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

}
