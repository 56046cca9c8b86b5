package dev.squall.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/**
 * How every {@code {{ expr }}} becomes text. Replaces Jinjava's default strategy for two reasons:
 * the value's text is never rendered again (no nested interpretation, so a value holding
 * {@code {{ … }}} stays literal), and values print as Python's {@code str()} does. In shell mode
 * the text becomes a placeholder that {@link ShellSubstitution} escapes after rendering, unless
 * the value was marked {@code |safe} by the template author (or is trusted author text).
 */
final class OutputStrategy implements ExpressionStrategy {

  private static final long serialVersionUID = 1L;

  static final OutputStrategy PLAIN = new OutputStrategy(false);
  static final OutputStrategy SHELL = new OutputStrategy(true);

  private final boolean shellQuote;

  private OutputStrategy(boolean shellQuote) {
    this.shellQuote = shellQuote;
  }

  @Override
  public RenderedOutputNode interpretOutput(ExpressionToken token, JinjavaInterpreter interpreter) {
    Object value = interpreter.resolveELExpression(token.getExpr(), token.getLineNumber());
    // A bare null prints as "" (Jinja prints "None"): an unset optional parameter must not turn
    // "echo {{ p }}" into "echo None". Nulls inside lists and maps still print as None.
    String text = value == null ? "" : TemplateText.str(value);
    if (shellQuote) {
      RenderState state = RenderState.of(interpreter);
      boolean raw = value instanceof SafeString || (state != null && state.isTrusted(value));
      if (state == null) {
        text = raw ? text : ShellQuoting.quote(text);
      } else {
        // Escaped later, once the whole command line shows which quotes the value sits in.
        text = state.placeholder(text, raw);
      }
    }
    return new RenderedOutputNode(text);
  }
}
