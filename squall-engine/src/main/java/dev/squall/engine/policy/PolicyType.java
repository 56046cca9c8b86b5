package dev.squall.engine.policy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy types Squall enforces, as StackStorm's policy type registry describes them
 * ({@code /api/v1/policytypes}): their parameters with types, defaults and which are required.
 */
public enum PolicyType {
  CONCURRENCY("action.concurrency", "Limits the concurrent executions for the action of the"
      + " resource.", "st2actions.policies.concurrency",
      Map.of("threshold", param("integer", "Maximum number of concurrent executions.", 0, true),
          "action", actionParam())),
  CONCURRENCY_ATTR("action.concurrency.attr", "Limits the concurrent executions for the action of"
      + " the resource by attribute.", "st2actions.policies.concurrency_by_attr",
      Map.of("threshold", param("integer", "Maximum number of concurrent executions.", 0, true),
          "action", actionParam(),
          "attributes", Map.of("type", "array", "items", Map.of("type", "string"),
              "description", "List of attribute(s) (parameter names) the threshold counts by.",
              "required", true))),
  RETRY("action.retry", "Retry a failed or timed out action execution.",
      "st2actions.policies.retry",
      Map.of("retry_on", Map.of("type", "string", "enum", List.of("failure", "timeout"),
              "description", "Condition on which the action execution is retried.",
              "required", true),
          "max_retry_count", param("integer", "Maximum number of retries.", 2, false),
          "delay", Map.of("type", "number", "default", 0,
              "description", "How long to wait (in seconds) before retrying.")));

  private final String ref;
  private final String description;
  private final String module;
  private final Map<String, Object> parameters;

  PolicyType(String ref, String description, String module, Map<String, Object> parameters) {
    this.ref = ref;
    this.description = description;
    this.module = module;
    this.parameters = parameters;
  }

  public String ref() {
    return ref;
  }

  public String description() {
    return description;
  }

  public String module() {
    return module;
  }

  public Map<String, Object> parameters() {
    return parameters;
  }

  /** {@code action}: every type here applies to actions. */
  public String resourceType() {
    return "action";
  }

  /** {@code concurrency} of {@code action.concurrency}. */
  public String shortName() {
    return ref.substring(ref.indexOf('.') + 1);
  }

  public static Optional<PolicyType> of(String ref) {
    return Arrays.stream(values()).filter(t -> t.ref.equals(ref)).findFirst();
  }

  private static Map<String, Object> param(String type, String description, Object dflt, boolean required) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("description", description);
    if (!required) {
      m.put("default", dflt);
    } else {
      m.put("required", true);
    }
    return m;
  }

  private static Map<String, Object> actionParam() {
    return Map.of("type", "string", "enum", List.of("delay", "cancel"), "default", "delay",
        "description", "What to do with the execution over the threshold: delay it until a slot"
            + " frees, or cancel it.");
  }
}
