package dev.squall.core.yaql;

import dev.squall.core.regex.PythonRegex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * yaql's operators on values (math.py, strings.py, collections.py, common.py, regex.py): numbers
 * with Python's integer division and modulo, string and list concatenation and repetition,
 * dictionary merge, comparisons with null, {@code in}, regex match {@code =~}.
 */
final class Operators {

  private Operators() {}

  static Object unary(String op, Object v) {
    return switch (op) {
      case "not" -> !Values.truthy(v);
      case "-" -> {
        Object n = number(v, "-");
        yield n instanceof Long l ? (Object) Math.negateExact(l) : (Object) (-(Double) n);
      }
      default -> number(v, "+");
    };
  }

  static Object binary(String op, Object a, Object b) {
    if (a instanceof Set<?> x && b instanceof Set<?> y && op.matches("[<>]=?")) {
      return subset(op, x, y);
    }
    return switch (op) {
      case "=" -> Values.equal(a, b);
      case "!=" -> !Values.equal(a, b);
      case "<" -> Values.compare(ordered(a, b, op), b) < 0;
      case "<=" -> Values.compare(ordered(a, b, op), b) <= 0;
      case ">" -> Values.compare(ordered(a, b, op), b) > 0;
      case ">=" -> Values.compare(ordered(a, b, op), b) >= 0;
      case "in" -> in(a, b);
      case "+" -> plus(a, b);
      case "-" -> arithmetic(op, a, b);
      case "*" -> times(a, b);
      case "/", "mod" -> arithmetic(op, a, b);
      case "=~" -> matches(a, b);
      case "!~" -> !matches(a, b);
      default -> throw new YaqlException("Unknown operator " + op);
    };
  }

  /** Sets compare by inclusion: {@code set(0) < set(0, 1)}. */
  private static boolean subset(String op, Set<?> a, Set<?> b) {
    boolean aInB = a.stream().allMatch(x -> Values.contains(b, x));
    boolean bInA = b.stream().allMatch(x -> Values.contains(a, x));
    return switch (op) {
      case "<" -> aInB && !bInA;
      case "<=" -> aInB;
      case ">" -> bInA && !aInB;
      default -> bInA;
    };
  }

  /** Booleans take part in arithmetic only as Python would not let them in yaql: they are refused. */
  private static Object number(Object v, String op) {
    if (v instanceof Number n) {
      return Values.number(n);
    }
    throw noMatch(op, v);
  }

  private static YaqlException noMatch(String op, Object... operands) {
    StringBuilder types = new StringBuilder();
    for (Object o : operands) {
      types.append(types.isEmpty() ? "" : " and ").append(Values.typeName(o));
    }
    return new YaqlException("No operator " + op + " for " + types);
  }

  private static Object ordered(Object a, Object b, String op) {
    boolean comparable = a == null || b == null
        || (isNumeric(a) && isNumeric(b))
        || (a instanceof String && b instanceof String)
        || (a instanceof List<?> && b instanceof List<?>);
    if (!comparable) {
      throw noMatch(op, a, b);
    }
    return a;
  }

  private static boolean isNumeric(Object o) {
    return o instanceof Number || o instanceof Boolean;
  }

  static boolean in(Object value, Object collection) {
    return switch (collection) {
      case String s when value instanceof String v -> s.contains(v);
      case Collection<?> c -> Values.contains(c, value);
      case Map<?, ?> m -> m.containsKey(value);
      default -> throw noMatch("in", value, collection);
    };
  }

  private static Object plus(Object a, Object b) {
    if (a instanceof String s && b instanceof String t) {
      return s + t;
    }
    if (a instanceof Collection<?> l && b instanceof Collection<?> m) {
      List<Object> out = new ArrayList<>(l.size() + m.size());
      out.addAll(l);
      out.addAll(m);
      return out;
    }
    if (a instanceof Map<?, ?> l && b instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>(l);
      out.putAll(m);
      return out;
    }
    return arithmetic("+", a, b);
  }

  private static Object times(Object a, Object b) {
    if ((a instanceof String || a instanceof Collection<?>) && Values.isIntegral(b)) {
      return repeat(a, ((Number) b).longValue());
    }
    if ((b instanceof String || b instanceof Collection<?>) && Values.isIntegral(a)) {
      return repeat(b, ((Number) a).longValue());
    }
    return arithmetic("*", a, b);
  }

  private static Object repeat(Object what, long times) {
    if (what instanceof String s) {
      return times <= 0 ? "" : s.repeat(Math.toIntExact(times));
    }
    List<Object> out = new ArrayList<>();
    for (long i = 0; i < times; i++) {
      out.addAll((Collection<?>) what);
    }
    return out;
  }

  static Object arithmetic(String op, Object a, Object b) {
    if (!(a instanceof Number) || !(b instanceof Number)) {
      throw noMatch(op, a, b);
    }
    Object x = Values.number(a);
    Object y = Values.number(b);
    if (x instanceof Long l && y instanceof Long m) {
      return switch (op) {
        case "+" -> Math.addExact(l, m);
        case "-" -> Math.subtractExact(l, m);
        case "*" -> Math.multiplyExact(l, m);
        case "/" -> Math.floorDiv(l, nonZero(m));
        default -> Math.floorMod(l, nonZero(m));
      };
    }
    double p = ((Number) x).doubleValue();
    double q = ((Number) y).doubleValue();
    return switch (op) {
      case "+" -> p + q;
      case "-" -> p - q;
      case "*" -> p * q;
      case "/" -> p / nonZero(q);
      default -> p - nonZero(q) * Math.floor(p / q);
    };
  }

  private static long nonZero(long v) {
    if (v == 0) {
      throw new YaqlException("division by zero");
    }
    return v;
  }

  private static double nonZero(double v) {
    if (v == 0) {
      throw new YaqlException("float division by zero");
    }
    return v;
  }

  /** {@code string =~ pattern}: Python's re.search; the pattern is a string or a regex(). */
  static boolean matches(Object string, Object pattern) {
    return Regex.of(pattern).pattern().matcher(Values.toStr(string, "The matched value")).find();
  }

  static Pattern compile(String python, int flags) {
    try {
      return PythonRegex.compile(python, flags);
    } catch (IllegalArgumentException e) {
      throw new YaqlException("Invalid regular expression '" + python + "': " + PythonRegex.reason(e));
    }
  }
}
