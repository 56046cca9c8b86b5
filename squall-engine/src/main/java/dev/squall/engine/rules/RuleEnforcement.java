package dev.squall.engine.rules;

import java.time.Instant;

/**
 * One firing of a rule for one trigger instance: the execution it started, or why it could not
 * (parameters that did not render, an unknown or disabled action, bad parameters).
 *
 * @param executionId null when the firing failed
 * @param failureReason null when an execution was started
 */
public record RuleEnforcement(
    String id, String ruleRef, String triggerInstanceId, String executionId,
    String failureReason, Instant enforcedAt) {

  public boolean succeeded() {
    return executionId != null;
  }
}
