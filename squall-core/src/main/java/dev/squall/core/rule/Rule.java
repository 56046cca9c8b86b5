package dev.squall.core.rule;

import dev.squall.core.trigger.TriggerRef;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule, as read from {@code <pack>/rules/<name>.yaml}: when {@code trigger} fires and the
 * payload satisfies {@code criteria}, run {@code action} with its (templated) parameters.
 *
 * @param enabled StackStorm's default is {@code false}: a rule file without {@code enabled: true}
 *     is registered but does not fire
 * @param ruleType {@code standard}, or {@code backstop} for a rule that fires only when no
 *     standard rule matched the same trigger instance
 * @param criteria {@code trigger.<path>} to {@code {type, pattern[, condition]}}, in file order,
 *     as written (patterns unrendered); evaluated by {@link Criteria}
 * @param metadataFile the YAML file, or null for a rule created through the API
 */
public record Rule(
    String pack,
    String name,
    String description,
    boolean enabled,
    String ruleType,
    Trigger trigger,
    Map<String, Object> criteria,
    Action action,
    Path metadataFile) {

  public static final String STANDARD = "standard";
  public static final String BACKSTOP = "backstop";

  /** The same rule, switched on or off. */
  public Rule withEnabled(boolean on) {
    return new Rule(pack, name, description, on, ruleType, trigger, criteria, action, metadataFile);
  }

  public Rule {
    ruleType = ruleType == null ? STANDARD : ruleType;
    criteria = criteria == null ? Map.of() : Collections.unmodifiableMap(
        new LinkedHashMap<>(criteria));
  }

  /** {@code pack.name}. */
  public String ref() {
    return pack + "." + name;
  }

  /** StackStorm's uid, {@code rule:pack:name}. */
  public String uid() {
    return "rule:" + pack + ":" + name;
  }

  /**
   * The trigger a rule listens to.
   *
   * @param type the trigger type ref, e.g. {@code core.st2.webhook}
   * @param parameters e.g. {@code {url: github}}; empty when the type takes none
   */
  public record Trigger(String type, Map<String, Object> parameters) {
    public Trigger {
      parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(
          new LinkedHashMap<>(parameters));
    }

    /** The trigger's identity: rules with equal type and parameters share one trigger. */
    public TriggerRef ref() {
      return TriggerRef.of(type, parameters);
    }
  }

  /**
   * The action a rule runs.
   *
   * @param parameters raw values; strings may be Jinja templates over {@code trigger} and
   *     {@code st2kv}, rendered by the caller when the rule fires
   */
  public record Action(String ref, Map<String, Object> parameters) {
    public Action {
      parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(
          new LinkedHashMap<>(parameters));
    }
  }
}
