package dev.squall.engine.rules;

import java.util.Map;

/** Where trigger instances go: the rules engine, for the notifier, timers and webhooks. */
@FunctionalInterface
public interface TriggerDispatcher {

  /**
   * Records one occurrence of a trigger and fires the rules that listen to it.
   *
   * @param triggerType the trigger type ref, e.g. {@code core.st2.generic.notifytrigger}
   * @param parameters the trigger's parameters (e.g. {@code {url: github}}), empty for none
   */
  TriggerInstance dispatch(String triggerType, Map<String, Object> parameters,
      Map<String, Object> payload);
}
