package dev.squall.core.orquesta;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One expression language of orquesta ({@code orquesta/expressions/*.py}): how its expressions
 * are delimited, checked and evaluated. {@link Expressions} picks the language by delimiters.
 */
public interface ExpressionLanguage {

  /** "yaql" or "jinja", as inspection errors name it. */
  String type();

  /** The inline statement pattern, e.g. {@code <%.*?%>}. */
  Pattern statement();

  /** Whether {@code text} holds an expression of this language. */
  default boolean has(String text) {
    return statement().matcher(text).find();
  }

  /** Each expression in {@code text} that does not parse, with the reason. */
  List<Problem> validate(String text);

  /**
   * Evaluates every expression in {@code text} against {@code data} (the workflow context with
   * {@code __current_task}, {@code __current_item}, {@code __state}), with orquesta's type rule:
   * a string that is one expression yields its value, anything else the text with each
   * expression replaced by Python's {@code str()} of its value.
   *
   * @throws dev.squall.core.error.BadRequestException whose message starts with the Python
   *     exception name orquesta reports (e.g. {@code YaqlEvaluationException: ...})
   */
  Object evaluate(String text, Map<String, Object> data);

  /** A problem with one expression. */
  record Problem(String expression, String message) {}
}
