package dev.squall.core.trigger;

import java.util.Map;

/**
 * A kind of event rules can react to: StackStorm's trigger type. Parameterised types (webhook,
 * timers) become one trigger per distinct parameter set; see {@link TriggerRef}.
 *
 * @param parametersSchema JSON schema of the parameters a rule gives in {@code trigger.parameters}
 *     (empty when the type takes none)
 * @param payloadSchema JSON schema of the payload a trigger instance carries
 */
public record TriggerType(
    String pack, String name, String description, Map<String, Object> parametersSchema,
    Map<String, Object> payloadSchema) {

  public TriggerType {
    parametersSchema = parametersSchema == null ? Map.of() : parametersSchema;
    payloadSchema = payloadSchema == null ? Map.of() : payloadSchema;
  }

  /** {@code pack.name}, e.g. {@code core.st2.webhook}. */
  public String ref() {
    return pack + "." + name;
  }

  /** StackStorm's uid, {@code trigger_type:pack:name}. */
  public String uid() {
    return "trigger_type:" + pack + ":" + name;
  }

  /** Whether rules must give parameters, making each parameter set its own trigger. */
  public boolean parameterised() {
    return parametersSchema.get("properties") instanceof Map<?, ?> p && !p.isEmpty();
  }
}
