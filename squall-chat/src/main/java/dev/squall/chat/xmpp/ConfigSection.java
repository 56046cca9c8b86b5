package dev.squall.chat.xmpp;

import dev.squall.core.error.BadRequestException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one adapter's config section. Values may arrive as strings (environment overrides such as
 * {@code SQUALL_CHAT_XMPP_PORT=5223}), so numbers, booleans and lists are also accepted in text form.
 * Errors name the full key ({@code chat.xmpp.port}) and, for unknown keys, the closest valid one.
 */
final class ConfigSection {

  private final String where;
  private final Map<String, Object> values;

  ConfigSection(String where, Map<String, Object> values, Set<String> known) {
    this.where = where;
    this.values = values == null ? Map.of() : values;
    for (String key : this.values.keySet()) {
      if (!known.contains(key)) {
        String closest = known.stream()
            .min(Comparator.comparingInt(k -> distance(k, key)))
            .orElse("");
        throw new BadRequestException(
            "unknown setting " + where + "." + key + "; did you mean " + where + "." + closest + "?");
      }
    }
  }

  String string(String key, String fallback) {
    Object v = values.get(key);
    return v == null || v.toString().isBlank() ? fallback : v.toString();
  }

  String required(String key) {
    String v = string(key, null);
    if (v == null) {
      throw new BadRequestException(where + "." + key + " is required");
    }
    return v;
  }

  int integer(String key, int fallback, int min, int max) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = v instanceof Number num ? num.intValue() : Integer.parseInt(v.toString().trim());
      if (n < min || n > max) {
        throw new BadRequestException(
            where + "." + key + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestException(where + "." + key + " must be an integer, got '" + v + "'");
    }
  }

  boolean bool(String key, boolean fallback) {
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
      default -> throw new BadRequestException(where + "." + key + " must be true or false, got '" + v + "'");
    };
  }

  /** A YAML list, or a comma-separated string. */
  List<String> list(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> list) {
      return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    return Arrays.stream(v.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
