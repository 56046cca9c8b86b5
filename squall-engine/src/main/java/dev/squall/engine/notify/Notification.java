package dev.squall.engine.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rendered notification of one finished execution for one route.
 *
 * @param section {@code on_complete}, {@code on_success} or {@code on_failure}
 * @param message the rendered message ({@code Action <ref> <suffix>} unless the spec gave one)
 * @param data the rendered data; {@code result} is the execution's result as a JSON string
 * @param status the execution's status, wire form ({@code succeeded}, …)
 */
public record Notification(
    String executionId,
    String actionRef,
    String runnerRef,
    String status,
    Instant startTimestamp,
    Instant endTimestamp,
    String section,
    String route,
    String message,
    Map<String, Object> data) {

  public Notification {
    data = data == null ? Map.of() : data;
  }

  /** StackStorm's {@code core.st2.generic.notifytrigger} payload (also the webhook body). */
  public Map<String, Object> payload() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("execution_id", executionId);
    p.put("status", status);
    p.put("start_timestamp", startTimestamp == null ? null : startTimestamp.toString());
    p.put("end_timestamp", endTimestamp == null ? null : endTimestamp.toString());
    p.put("action_ref", actionRef);
    p.put("runner_ref", runnerRef);
    p.put("route", route);
    p.put("channel", route);
    p.put("message", message);
    p.put("data", data);
    return p;
  }

  static Notification fromPayload(String section, Map<String, Object> p) {
    @SuppressWarnings("unchecked")
    Map<String, Object> data = p.get("data") instanceof Map<?, ?> d
        ? (Map<String, Object>) d : Map.of();
    return new Notification((String) p.get("execution_id"), (String) p.get("action_ref"),
        (String) p.get("runner_ref"), (String) p.get("status"), instant(p.get("start_timestamp")),
        instant(p.get("end_timestamp")), section, (String) p.get("route"),
        (String) p.get("message"), data);
  }

  private static Instant instant(Object o) {
    return o instanceof String s ? Instant.parse(s) : null;
  }
}
