package dev.squall.core.yaql;

/** The expression text is not YAQL; {@link #position()} is the 0-based offset of the fault. */
public final class YaqlSyntaxException extends YaqlException {

  private final String expression;
  private final int position;

  YaqlSyntaxException(String expression, int position, String reason) {
    super("Parse error in YAQL expression '" + expression + "' at position " + position + ": " + reason);
    this.expression = expression;
    this.position = position;
  }

  public String expression() {
    return expression;
  }

  public int position() {
    return position;
  }
}
