package dev.squall.core.yaql;

/** A parsed expression; immutable, so one instance may be evaluated by many threads at once. */
public interface YaqlExpression {

  /**
   * Evaluates against {@code data} (what {@code $} is) with these functions.
   *
   * @throws YaqlException when evaluation fails
   */
  Object evaluate(Object data, YaqlFunctions functions);
}
