package dev.squall.core.rule;

/**
 * The outcome of matching a rule's criteria against one trigger instance, kept on the rule
 * enforcement record so a user can see why a rule did or did not fire.
 *
 * @param matched whether every criterion matched
 * @param key the first criterion that failed (as written, e.g. {@code trigger.body.status}), or
 *     null when matched
 * @param operator that criterion's operator as written, or null
 * @param pattern the pattern after rendering, or null
 * @param payloadValue the value found at {@code key}, or null when absent
 * @param reason a sentence for the user, or null when matched
 */
public record CriteriaResult(
    boolean matched, String key, String operator, Object pattern, Object payloadValue,
    String reason) {

  private static final CriteriaResult MATCHED =
      new CriteriaResult(true, null, null, null, null, null);

  public static CriteriaResult match() {
    return MATCHED;
  }

  static CriteriaResult failed(String key, String operator, Object pattern, Object value,
      String reason) {
    return new CriteriaResult(false, key, operator, pattern, value, reason);
  }
}
