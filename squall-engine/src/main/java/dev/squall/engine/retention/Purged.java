package dev.squall.engine.retention;

/**
 * What one purge removed.
 *
 * @param executions finished executions (their output went with them)
 * @param outputs executions kept whose line-by-line output was removed
 * @param triggerInstances trigger instances
 * @param ruleEnforcements rule enforcements
 * @param tokens expired login tokens
 * @param auditRecords audit records
 */
public record Purged(long executions, long outputs, long triggerInstances, long ruleEnforcements,
    long tokens, long auditRecords) {

  public static final Purged NOTHING = new Purged(0, 0, 0, 0, 0, 0);

  public Purged plus(Purged o) {
    return new Purged(executions + o.executions, outputs + o.outputs,
        triggerInstances + o.triggerInstances, ruleEnforcements + o.ruleEnforcements,
        tokens + o.tokens, auditRecords + o.auditRecords);
  }

  public boolean isEmpty() {
    return equals(NOTHING);
  }

  @Override
  public String toString() {
    return executions + " executions, the output of " + outputs + " more, " + triggerInstances
        + " trigger instances, " + ruleEnforcements + " rule enforcements, " + tokens
        + " expired tokens, " + auditRecords + " audit records";
  }
}
