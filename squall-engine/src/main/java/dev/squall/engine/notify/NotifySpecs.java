package dev.squall.engine.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads notify specs ({@code on_complete|on_success|on_failure: {message, data, routes,
 * channels}}, hyphens accepted as in action metadata) and merges the action's with the
 * execution's: every (section, route) of either gets a notification; where both name the same
 * one, the execution's (the caller's) wins. This is divergence 7: a chat route added by an alias
 * execution never replaces the action's own notifications.
 */
final class NotifySpecs {

  static final List<String> SECTIONS = List.of("on_complete", "on_success", "on_failure");
  static final String DEFAULT_ROUTE = "notify.default";

  /**
   * One notification to produce.
   *
   * @param renderData whether {@code data} is rendered: only when an action's author wrote it;
   *     data from the execution's context can hold chat text, which is never rendered (no
   *     template injection through chat)
   */
  record Entry(String section, String route, String message, Map<String, Object> data,
      boolean renderData) {}

  private NotifySpecs() {}

  static List<Entry> entries(Map<String, Object> actionSpec, Object contextSpec, String status) {
    Map<String, Entry> merged = new LinkedHashMap<>();
    add(merged, actionSpec, status, true);
    if (contextSpec instanceof Map<?, ?> ctx) {
      add(merged, ctx, status, false);
    }
    return new ArrayList<>(merged.values());
  }

  /** StackStorm's status sets: canceled gets only on_complete. */
  static boolean applies(String section, String status) {
    return switch (section) {
      case "on_complete" -> true;
      case "on_success" -> status.equals("succeeded");
      case "on_failure" -> status.equals("failed") || status.equals("timeout")
          || status.equals("abandoned");
      default -> false;
    };
  }

  static String suffix(String section) {
    return switch (section) {
      case "on_success" -> "succeeded.";
      case "on_failure" -> "failed.";
      default -> "completed.";
    };
  }

  private static void add(Map<String, Entry> into, Map<?, ?> spec, String status,
      boolean authored) {
    if (spec == null) {
      return;
    }
    for (String section : SECTIONS) {
      Object raw = spec.containsKey(section) ? spec.get(section)
          : spec.get(section.replace('_', '-'));
      if (!(raw instanceof Map<?, ?> sub) || !applies(section, status)) {
        continue;
      }
      String message = sub.get("message") instanceof String m && !m.isEmpty() ? m : null;
      Map<String, Object> data = new LinkedHashMap<>();
      if (sub.get("data") instanceof Map<?, ?> d) {
        d.forEach((k, v) -> data.put(String.valueOf(k), v));
      }
      for (String route : routes(sub)) {
        into.put(section + "\u0000" + route, new Entry(section, route, message, data, authored));
      }
    }
  }

  /** {@code routes or channels}, else StackStorm's stored default {@code notify.default}. */
  private static List<String> routes(Map<?, ?> sub) {
    List<String> routes = names(sub.get("routes"));
    if (routes.isEmpty()) {
      routes = names(sub.get("channels"));
    }
    if (routes.isEmpty() && !sub.containsKey("routes") && !sub.containsKey("channels")) {
      routes = List.of(DEFAULT_ROUTE);
    }
    return routes;
  }

  private static List<String> names(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s && !s.isBlank() && !out.contains(s)) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
