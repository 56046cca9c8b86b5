package dev.squall.engine.policy;

import java.nio.file.Path;
import java.util.Map;

/**
 * One policy of a pack ({@code policies/*.yaml}, StackStorm's format): {@code policy_type}
 * applied to the action {@code resource_ref} with its {@code parameters}.
 */
public record Policy(String pack, String name, String description, String resourceRef,
    PolicyType type, Map<String, Object> parameters, boolean enabled, Path file) {

  public Policy {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public String ref() {
    return pack + "." + name;
  }

  public String uid() {
    return "policy:" + pack + ":" + name;
  }

  /** An integer parameter, or {@code fallback} when absent. */
  int integer(String key, int fallback) {
    Object v = parameters.get(key);
    return v instanceof Number n ? n.intValue() : fallback;
  }

  String string(String key, String fallback) {
    Object v = parameters.get(key);
    return v == null ? fallback : String.valueOf(v);
  }
}
