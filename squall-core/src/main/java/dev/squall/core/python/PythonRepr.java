package dev.squall.core.python;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Prints values the way Python's {@code str()} and {@code repr()} do, because StackStorm's
 * templates run on Jinja (Python): {@code True}, {@code None}, {@code ['a', 'b']}, {@code {'a': 1}}.
 * Pack authors and users compare rendered output with what StackStorm printed, so the text must
 * match, not merely be equivalent. The one Python repr: templates, parameter validation and rule
 * messages all print through it.
 */
public final class PythonRepr {

  private PythonRepr() {}

  /** Python's {@code str(value)}: strings print bare, everything else as its repr. */
  public static String str(Object value) {
    return str(value, UnaryOperator.identity());
  }

  /**
   * {@link #str(Object)} of a value whose parts may be a caller's own types: {@code plain} turns
   * each part (the value, map keys and values, list items) into a plain value first.
   */
  public static String str(Object value, UnaryOperator<Object> plain) {
    Object v = plain.apply(value);
    return v instanceof CharSequence ? v.toString() : repr(v, plain);
  }

  /** Python's {@code repr(value)}. */
  public static String repr(Object value) {
    return repr(value, UnaryOperator.identity());
  }

  /** {@link #repr(Object)} with each part first made plain, as for {@link #str(Object, UnaryOperator)}. */
  public static String repr(Object value, UnaryOperator<Object> plain) {
    StringBuilder out = new StringBuilder();
    appendRepr(out, value, plain);
    return out.toString();
  }

  private static void appendRepr(StringBuilder out, Object raw, UnaryOperator<Object> plain) {
    Object value = plain.apply(raw);
    switch (value) {
      case null -> out.append("None");
      case Boolean b -> out.append(b ? "True" : "False");
      case Double d -> out.append(floatRepr(d));
      case Float f -> out.append(floatRepr(f.doubleValue()));
      case BigDecimal bd -> out.append(floatRepr(bd.doubleValue()));
      case Number n -> out.append(n);
      case CharSequence s -> appendStringRepr(out, s.toString());
      case Map<?, ?> map -> {
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<?, ?> e = it.next();
          appendRepr(out, e.getKey(), plain);
          out.append(": ");
          appendRepr(out, e.getValue(), plain);
          if (it.hasNext()) {
            out.append(", ");
          }
        }
        out.append('}');
      }
      case Collection<?> list -> appendSequence(out, list, plain);
      case Object[] array -> appendSequence(out, java.util.Arrays.asList(array), plain);
      default -> out.append(value);
    }
  }

  private static void appendSequence(StringBuilder out, Collection<?> items, UnaryOperator<Object> plain) {
    out.append('[');
    Iterator<?> it = items.iterator();
    while (it.hasNext()) {
      appendRepr(out, it.next(), plain);
      if (it.hasNext()) {
        out.append(", ");
      }
    }
    out.append(']');
  }

  /** Python 3 string repr: single quotes unless the text has ' and no ". */
  private static void appendStringRepr(StringBuilder out, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append(quote);
  }

  /** Python's float repr: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    BigInteger unscaled = bd.unscaledValue().abs();
    String digits = unscaled.toString();
    int exponent = digits.length() - 1 - bd.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = bd.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }
}
