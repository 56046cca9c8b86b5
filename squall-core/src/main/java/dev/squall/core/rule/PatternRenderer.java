package dev.squall.core.rule;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Renders a criterion's {@code pattern} before comparison. StackStorm renders string patterns as
 * Jinja against the lookup context — {@code {"trigger": payload}} for top-level criteria,
 * {@code {"item": element}} inside {@code search} — plus {@code st2kv}; the caller owns templates
 * and the datastore, so it supplies this. Only string patterns are passed in.
 */
@FunctionalInterface
public interface PatternRenderer {

  /**
   * @param pattern the raw string pattern
   * @param context {@code trigger} (or {@code item}) mapped to the payload being tested
   * @return the rendered value (a renderer may decode JSON, as StackStorm's {@code to_complex})
   * @throws RuntimeException when rendering fails; the criterion then fails with the message
   */
  Object render(String pattern, Map<String, Object> context);

  /** Leaves patterns as written. */
  static PatternRenderer none() {
    return (pattern, context) -> pattern;
  }

  /** Adapts a context-free render hook. */
  static PatternRenderer of(UnaryOperator<Object> render) {
    return (pattern, context) -> render.apply(pattern);
  }
}
