package dev.squall.engine.inquiry;

import dev.squall.engine.execution.model.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inquiry: a {@code core.ask} execution waiting {@code pending}, as StackStorm's API shows it
 * ({@code id, route, ttl, users, roles, schema}); the id is the execution's.
 *
 * @param ttl minutes from its start until it times out; 0: never
 */
public record Inquiry(String id, Map<String, Object> schema, List<String> roles, List<String> users,
    String route, int ttl, Execution execution) {

  public Inquiry {
    roles = List.copyOf(roles);
    users = List.copyOf(users);
  }

  /** The inquiry an inquirer execution records in its result. */
  @SuppressWarnings("unchecked")
  public static Inquiry of(Execution e) {
    Map<String, Object> r = e.result();
    Map<String, Object> schema = r.get("schema") instanceof Map<?, ?> m
        ? (Map<String, Object>) m : InquirySchema.DEFAULT;
    return new Inquiry(e.id(), schema, strings(r.get("roles")), strings(r.get("users")),
        r.get("route") == null ? "" : String.valueOf(r.get("route")),
        r.get("ttl") instanceof Number n ? n.intValue() : 1440, e);
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /** When it times out, or null when it never does. */
  public Instant expiresAt() {
    return ttl <= 0 ? null : execution.startTimestamp().plus(Duration.ofMinutes(ttl));
  }

  /** StackStorm's {@code Inquiry} object. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("route", route);
    m.put("ttl", ttl);
    m.put("users", users);
    m.put("roles", roles);
    m.put("schema", schema);
    return m;
  }
}
