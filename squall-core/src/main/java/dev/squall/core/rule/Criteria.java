package dev.squall.core.rule;

import dev.squall.core.python.PythonRepr;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Evaluates a rule's {@code criteria} against a trigger payload exactly as StackStorm's
 * {@code RuleFilter} does:
 *
 * <ul>
 *   <li>criteria are tested in order and the first failure decides;
 *   <li>a rule with criteria never matches an empty payload;
 *   <li>the key ({@code trigger.a.b[0]}) is looked up in {@code {"trigger": payload}}; a missing
 *       key gives the value None; text after {@code #} in a key is ignored, so one field can be
 *       tested twice ({@code trigger.x#1}, {@code trigger.x#2});
 *   <li>string patterns are rendered first (see {@link PatternRenderer});
 *   <li>an operator error (a type mismatch, a bad regex) fails the criterion rather than the rule
 *       engine, and its message becomes the reason.
 * </ul>
 *
 * <p>{@code search} takes {@code condition: any|all} and a {@code pattern} that is itself a map of
 * criteria with keys rooted at {@code item}; each list element is tested against all of them.
 * {@code any} over an empty list is false, {@code all} over an empty list is true.
 */
public final class Criteria {

  private final Clock clock;
  private final PatternRenderer renderer;

  /**
   * @param clock the "now" of {@code timediff_lt} and {@code timediff_gt}
   * @param renderer renders string patterns; {@link PatternRenderer#none()} leaves them as written
   */
  public Criteria(Clock clock, PatternRenderer renderer) {
    this.clock = clock;
    this.renderer = renderer;
  }

  /** One-shot form with a context-free render hook. */
  public static CriteriaResult matches(Map<String, Object> criteria,
      Map<String, Object> triggerPayload, Clock clock, UnaryOperator<Object> render) {
    return new Criteria(clock, PatternRenderer.of(render)).matches(criteria, triggerPayload);
  }

  public CriteriaResult matches(Map<String, Object> criteria, Map<String, Object> triggerPayload) {
    if (criteria == null || criteria.isEmpty()) {
      return CriteriaResult.match();
    }
    if (triggerPayload == null || triggerPayload.isEmpty()) {
      return CriteriaResult.failed(null, null, null, null,
          "the trigger instance has no payload, and a rule with criteria never matches that");
    }
    Map<String, Object> context = Collections.singletonMap("trigger", triggerPayload);
    for (Map.Entry<String, Object> criterion : criteria.entrySet()) {
      Outcome o = check(criterion.getKey(), criterion.getValue(), context);
      if (!o.ok()) {
        return CriteriaResult.failed(criterion.getKey(), o.operator(), o.pattern(), o.value(),
            o.reason());
      }
    }
    return CriteriaResult.match();
  }

  private record Outcome(boolean ok, String operator, Object value, Object pattern, String reason) {
    static Outcome fail(String operator, Object value, Object pattern, String reason) {
      return new Outcome(false, operator, value, pattern, reason);
    }
  }

  private Outcome check(String key, Object spec, Map<String, Object> context) {
    if (!(spec instanceof Map<?, ?> map)) {
      return Outcome.fail(null, null, null,
          key + ": a criterion must be a mapping with type and pattern");
    }
    if (!(map.get("type") instanceof String type)) {
      return Outcome.fail(null, null, null, key + ": no operator (type) given");
    }
    Operator op = Operator.lookup(type).orElse(null);
    if (op == null) {
      return Outcome.fail(type, null, null, key + ": unknown operator \"" + type
          + "\" (did you mean \"" + Operator.closest(type) + "\"?)");
    }
    Object pattern = map.get("pattern");
    if (pattern instanceof String raw) {
      try {
        pattern = renderer.render(raw, context);
      } catch (RuntimeException e) {
        return Outcome.fail(type, null, raw, "Failed to render pattern value \"" + raw
            + "\" for key \"" + key + "\": " + e.getMessage());
      }
    }
    Object value;
    try {
      List<Object> found = PayloadPath.parse(key.split("#", 2)[0]).find(context);
      value = found.isEmpty() ? null : found.getFirst();
    } catch (IllegalArgumentException e) {
      return Outcome.fail(type, null, pattern,
          "Failed transforming criteria key " + key + ": " + e.getMessage());
    }
    try {
      if (op == Operator.SEARCH) {
        String why = search(key, value, pattern, map.get("condition"));
        return why == null ? new Outcome(true, type, value, pattern, null)
            : Outcome.fail(type, value, pattern, why);
      }
      if (Operators.apply(op, value, pattern, clock)) {
        return new Outcome(true, type, value, pattern, null);
      }
      return Outcome.fail(type, value, pattern, explain(key, type, op, value, pattern));
    } catch (PyError e) {
      return Outcome.fail(type, value, pattern, key + ": " + type + " could not compare "
          + PythonRepr.repr(value) + " with " + PythonRepr.repr(pattern) + ": " + e.getMessage());
    }
  }

  /** Null when the search matches, else why not. */
  private String search(String key, Object value, Object pattern, Object condition) {
    boolean any = "any".equals(condition);
    if (!any && !"all".equals(condition)) {
      throw new PyError("The '" + condition + "' search condition is not recognized, only 'any' "
          + "and 'all' are allowed");
    }
    if (!(pattern instanceof Map<?, ?> children)) {
      throw new PyError("'" + Py.typeName(pattern) + "' object has no attribute 'items'");
    }
    List<Object> items = iterate(value);
    String firstFailure = null;
    for (int i = 0; i < items.size(); i++) {
      String failure = null;
      Map<String, Object> itemContext = Collections.singletonMap("item", items.get(i));
      for (Map.Entry<?, ?> child : children.entrySet()) {
        Outcome o = check(String.valueOf(child.getKey()), child.getValue(), itemContext);
        if (!o.ok() && failure == null) {
          failure = "item " + i + " of " + key + ": " + o.reason();
        }
      }
      if (any && failure == null) {
        return null;
      }
      if (!any && failure != null) {
        return failure;
      }
      if (firstFailure == null) {
        firstFailure = failure;
      }
    }
    if (!any) {
      return null;
    }
    return items.isEmpty() ? key + ": search with condition any found an empty list"
        : "no item of " + key + " matches every criterion (" + firstFailure + ")";
  }

  /** Python iteration: list elements, dict keys, string characters. */
  private static List<Object> iterate(Object value) {
    return switch (value) {
      case List<?> l -> new ArrayList<>(l);
      case Map<?, ?> m -> new ArrayList<>(m.keySet());
      case CharSequence s -> new ArrayList<>(s.codePoints().mapToObj(Character::toString).toList());
      case null, default ->
          throw new PyError("'" + Py.typeName(value) + "' object is not iterable");
    };
  }

  private static String explain(String key, String type, Operator op, Object value,
      Object pattern) {
    if (op == Operator.EXISTS) {
      return key + " does not exist in the payload";
    }
    if (op == Operator.NEXISTS) {
      return key + " exists (" + PythonRepr.repr(value) + ")";
    }
    if (pattern == null) {
      return key + ": no pattern given for operator " + type;
    }
    String found = value == null ? "is absent" : "is " + PythonRepr.repr(value);
    return key + " " + found + ", which does not satisfy " + type + " " + PythonRepr.repr(pattern);
  }
}
