package dev.squall.engine.rules;

import java.time.Instant;
import java.util.Map;

/**
 * One occurrence of a trigger, as stored (StackStorm's TriggerInstance).
 *
 * @param triggerRef the trigger's ref ({@code core.st2.webhook} plus a parameter-derived name for
 *     parameterised types; see {@link dev.squall.core.trigger.TriggerRef})
 * @param status {@code processing}, {@code processed} or {@code processing_failed}
 */
public record TriggerInstance(
    String id,
    String triggerRef,
    String triggerType,
    Map<String, Object> triggerParameters,
    Map<String, Object> payload,
    Instant occurrenceTime,
    String status) {

  public static final String PROCESSING = "processing";
  public static final String PROCESSED = "processed";
  public static final String PROCESSING_FAILED = "processing_failed";

  public TriggerInstance {
    triggerParameters = triggerParameters == null ? Map.of() : triggerParameters;
    payload = payload == null ? Map.of() : payload;
  }

  TriggerInstance withStatus(String s) {
    return new TriggerInstance(id, triggerRef, triggerType, triggerParameters, payload,
        occurrenceTime, s);
  }
}
