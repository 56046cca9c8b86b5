package dev.squall.core.rule;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Python value semantics for YAML/JSON values, as StackStorm's operators see them: {@code ==}
 * across numeric types (and {@code True == 1}), ordering that refuses mixed types, and {@code in}
 * on strings, lists and dicts.
 */
final class Py {

  private Py() {}

  static String typeName(Object v) {
    return switch (v) {
      case null -> "NoneType";
      case Boolean b -> "bool";
      case Integer i -> "int";
      case Long l -> "int";
      case Short s -> "int";
      case Byte b -> "int";
      case BigInteger b -> "int";
      case Number n -> "float";
      case CharSequence s -> "str";
      case List<?> l -> "list";
      case Map<?, ?> m -> "dict";
      default -> v.getClass().getSimpleName();
    };
  }

  static boolean isNumeric(Object v) {
    return v instanceof Number || v instanceof Boolean;
  }

  static boolean eq(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (isNumeric(a) && isNumeric(b)) {
      return compareNumbers(a, b) == 0;
    }
    if (a instanceof CharSequence x && b instanceof CharSequence y) {
      return x.toString().equals(y.toString());
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!eq(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /** Python 3 ordering: numbers with numbers, str with str, list with list; else TypeError. */
  static int compare(Object a, Object b, String op) {
    if (isNumeric(a) && isNumeric(b)) {
      return compareNumbers(a, b);
    }
    if (a instanceof CharSequence x && b instanceof CharSequence y) {
      return compareCodePoints(x.toString(), y.toString());
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext() && j.hasNext()) {
        Object p = i.next();
        Object q = j.next();
        if (!eq(p, q)) {
          return compare(p, q, op);
        }
      }
      return Boolean.compare(i.hasNext(), j.hasNext());
    }
    throw new PyError("'" + op + "' not supported between instances of '" + typeName(a)
        + "' and '" + typeName(b) + "'");
  }

  /** Python's {@code needle in container}. */
  static boolean in(Object needle, Object container) {
    return switch (container) {
      case CharSequence s -> {
        if (!(needle instanceof CharSequence n)) {
          throw new PyError("'in <string>' requires string as left operand, not " + typeName(needle));
        }
        yield s.toString().contains(n);
      }
      case List<?> l -> l.stream().anyMatch(item -> eq(item, needle));
      case Map<?, ?> m -> {
        if (needle instanceof List<?> || needle instanceof Map<?, ?>) {
          throw new PyError("unhashable type: '" + typeName(needle) + "'");
        }
        yield m.keySet().stream().anyMatch(k -> eq(k, needle));
      }
      case null, default ->
          throw new PyError("argument of type '" + typeName(container) + "' is not iterable");
    };
  }

  /** The operand as a str, or AttributeError as Python's {@code value.lower()} would raise. */
  static String str(Object v, String method) {
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    throw new PyError("'" + typeName(v) + "' object has no attribute '" + method + "'");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static int compareNumbers(Object a, Object b) {
    double da = toDouble(a);
    double db = toDouble(b);
    if (Double.isNaN(da) || Double.isNaN(db) || Double.isInfinite(da) || Double.isInfinite(db)) {
      return Double.compare(da, db);
    }
    return toBigDecimal(a).compareTo(toBigDecimal(b));
  }

  private static double toDouble(Object v) {
    return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
  }

  private static BigDecimal toBigDecimal(Object v) {
    return switch (v) {
      case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
      case BigDecimal d -> d;
      case BigInteger i -> new BigDecimal(i);
      case Double d -> new BigDecimal(d);
      case Float f -> new BigDecimal(f);
      default -> BigDecimal.valueOf(((Number) v).longValue());
    };
  }

  private static int compareCodePoints(String x, String y) {
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      int a = x.codePointAt(i);
      int b = y.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Boolean.compare(i < x.length(), j < y.length());
  }
}
