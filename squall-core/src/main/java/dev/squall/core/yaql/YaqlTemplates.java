package dev.squall.core.yaql;

import dev.squall.core.python.PythonRepr;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strings holding {@code <% expr %>} spans, rendered as orquesta's YAQLEvaluator does
 * (orquesta/expressions/yql.py): a string that is exactly one span yields the raw value (dict,
 * list, number, boolean, null); otherwise each span is replaced by Python's {@code str()} of its
 * value ({@code True}, {@code None}, {@code {'a': 1}}). A string result that itself holds spans is
 * rendered again first. Spans do not cross lines, as orquesta's {@code <%.*?%>} does not.
 */
public final class YaqlTemplates {

  private static final Pattern SPAN = Pattern.compile("<%.*?%>");

  private YaqlTemplates() {}

  /** True when {@code text} holds at least one {@code <% %>} span. */
  public static boolean hasExpressions(String text) {
    return text != null && SPAN.matcher(text).find();
  }

  /** The spans of {@code text} as written, delimiters included, in order. */
  public static List<String> spans(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = SPAN.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** A span's expression: the delimiters and surrounding blanks removed (orquesta's strip_delimiter). */
  public static String expression(String span) {
    int b = 0;
    int e = span.length();
    while (b < e && "<%>".indexOf(span.charAt(b)) >= 0) {
      b++;
    }
    while (e > b && "<%>".indexOf(span.charAt(e - 1)) >= 0) {
      e--;
    }
    return span.substring(b, e).strip();
  }

  /** The syntax errors of every span in {@code text} (empty when all parse): for inspection. */
  public static List<YaqlSyntaxException> validate(String text) {
    List<YaqlSyntaxException> errors = new ArrayList<>();
    for (String span : spans(text)) {
      try {
        Yaql.parse(expression(span));
      } catch (YaqlSyntaxException e) {
        errors.add(e);
      }
    }
    return errors;
  }

  /**
   * Renders {@code text}: the raw value of a lone span, else the text with every span replaced by
   * the Python string of its value; text without spans is returned unchanged.
   *
   * @throws YaqlException naming the span that failed (the cause is the original error: a {@link
   *     YaqlKeyException} for a missing key, a {@link YaqlSyntaxException}, ...)
   */
  public static Object render(String text, Object data, YaqlFunctions functions) {
    List<String> spans = spans(text);
    Object output = text;
    for (String span : spans) {
      Object result = evaluateSpan(span, data, functions);
      if (result instanceof String s) {
        result = render(s, data, functions);
      }
      String current = (String) output;
      if (spans.size() > 1 || current.length() > span.length()) {
        output = current.replace(span, PythonRepr.str(result));
      } else {
        output = result;
      }
    }
    return output;
  }

  private static Object evaluateSpan(String span, Object data, YaqlFunctions functions) {
    try {
      return Yaql.evaluate(expression(span), data, functions);
    } catch (YaqlKeyException e) {
      throw new YaqlException("Unable to resolve key '" + e.key() + "' in expression '" + span + "' from context.", e);
    } catch (YaqlException e) {
      throw new YaqlException("Unable to evaluate expression '" + span + "'. " + e.getMessage(), e);
    }
  }
}
