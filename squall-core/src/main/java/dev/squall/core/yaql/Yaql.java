package dev.squall.core.yaql;

/**
 * Entry point: parse YAQL 3 text once ({@link #parse}), evaluate it many times. Thread-safe;
 * callers that evaluate the same text repeatedly keep the parsed {@link YaqlExpression}.
 */
public final class Yaql {

  private Yaql() {}

  /**
   * Parses an expression (the text inside {@code <% %>}).
   *
   * @throws YaqlSyntaxException when the text is not YAQL, naming the position
   */
  public static YaqlExpression parse(String source) {
    return new Parsed(source, Parser.parse(source));
  }

  /** Parses and evaluates against {@code data} ({@code $}). */
  public static Object evaluate(String source, Object data, YaqlFunctions functions) {
    return parse(source).evaluate(data, functions);
  }

  private record Parsed(String source, Node root) implements YaqlExpression {
    @Override
    public Object evaluate(Object data, YaqlFunctions functions) {
      return new Interpreter(functions, data).run(root);
    }

    @Override
    public String toString() {
      return source;
    }
  }
}
