package dev.squall.core.yaql;

import dev.squall.core.python.PythonRepr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's value semantics on JSON-like Java values, as yaql inherits them: truthiness, {@code ==}
 * (1 == 1.0, deep for lists and dicts), ordering (numbers with numbers, strings with strings, null
 * below everything), and the type names used in error messages.
 */
final class Values {

  private Values() {}

  static boolean isNumber(Object o) {
    return o instanceof Number;
  }

  static boolean isIntegral(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
        || o instanceof BigInteger;
  }

  static boolean isCollection(Object o) {
    return o instanceof List<?> || o instanceof Set<?>;
  }

  /** Integers as Long, other numbers as Double: the two number types yaql produces. */
  static Object number(Object o) {
    if (o instanceof Long || o instanceof Double) {
      return o;
    }
    if (o instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (isIntegral(o)) {
      return ((Number) o).longValue();
    }
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    return o;
  }

  static long toLong(Object o, String what) {
    if (isIntegral(o)) {
      return ((Number) o).longValue();
    }
    throw new YaqlException(what + " must be an integer, not " + typeName(o));
  }

  static String toStr(Object o, String what) {
    if (o instanceof String s) {
      return s;
    }
    throw new YaqlException(what + " must be a string, not " + typeName(o));
  }

  @SuppressWarnings("unchecked")
  static Collection<Object> toCollection(Object o, String what) {
    if (o instanceof Collection<?> c) {
      return (Collection<Object>) c;
    }
    throw new YaqlException(what + " must be a list, not " + typeName(o));
  }

  @SuppressWarnings("unchecked")
  static Map<Object, Object> toMap(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    throw new YaqlException(what + " must be a dictionary, not " + typeName(o));
  }

  static String typeName(Object o) {
    return switch (o) {
      case null -> "null";
      case Boolean b -> "boolean";
      case String s -> "string";
      case Map<?, ?> m -> "dictionary";
      case Set<?> s -> "set";
      case Collection<?> c -> "list";
      case Number n -> isIntegral(n) ? "integer" : "number";
      default -> o.getClass().getSimpleName();
    };
  }

  /** Python's bool(): None, False, 0, "", and empty containers are false. */
  static boolean truthy(Object o) {
    return switch (o) {
      case null -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      case Number n -> isIntegral(n) ? n.longValue() != 0 : n.doubleValue() != 0;
      default -> true;
    };
  }

  /** Python's {@code ==}; booleans equal 1 and 0 as in Python. */
  static boolean equal(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
      Object x = numeric(a);
      Object y = numeric(b);
      if (x instanceof Long l && y instanceof Long m) {
        return l.longValue() == m.longValue();
      }
      return ((Number) x).doubleValue() == ((Number) y).doubleValue();
    }
    if (a instanceof List<?> l && b instanceof List<?> m) {
      if (l.size() != m.size()) {
        return false;
      }
      Iterator<?> i = l.iterator();
      Iterator<?> j = m.iterator();
      while (i.hasNext()) {
        if (!equal(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Set<?> s && b instanceof Set<?> t) {
      return s.size() == t.size() && s.stream().allMatch(x -> contains(t, x));
    }
    if (a instanceof Map<?, ?> p && b instanceof Map<?, ?> q) {
      if (p.size() != q.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : p.entrySet()) {
        if (!q.containsKey(e.getKey()) || !equal(e.getValue(), q.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static Object numeric(Object o) {
    return o instanceof Boolean b ? (Object) (b ? 1L : 0L) : number(o);
  }

  static boolean contains(Collection<?> c, Object x) {
    for (Object o : c) {
      if (equal(o, x)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Python's ordering of two values: numbers (and booleans) with numbers, strings with strings,
   * lists element by element; null sorts below everything (yaql's common.py rules).
   */
  static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
      Object x = numeric(a);
      Object y = numeric(b);
      if (x instanceof Long l && y instanceof Long m) {
        return Long.compare(l, m);
      }
      return Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
    }
    if (a instanceof String s && b instanceof String t) {
      return Integer.signum(s.compareTo(t));
    }
    if (a instanceof List<?> l && b instanceof List<?> m) {
      Iterator<?> i = l.iterator();
      Iterator<?> j = m.iterator();
      while (i.hasNext() && j.hasNext()) {
        int c = compare(i.next(), j.next());
        if (c != 0) {
          return c;
        }
      }
      return Boolean.compare(i.hasNext(), j.hasNext());
    }
    throw new YaqlException("Cannot compare " + typeName(a) + " with " + typeName(b));
  }

  /** A value usable as a hash key with Python's equality (1 and 1.0 are one key). */
  static Object key(Object o) {
    return switch (o) {
      case null -> null;
      case Boolean b -> b ? 1L : 0L;
      case Number n -> {
        Object x = number(n);
        yield x instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9e18
            ? (Object) (long) d.doubleValue() : x;
      }
      case List<?> l -> l.stream().map(Values::key).toList();
      case Map<?, ?> m -> {
        Map<Object, Object> k = new LinkedHashMap<>();
        m.forEach((x, y) -> k.put(key(x), key(y)));
        yield k;
      }
      default -> o;
    };
  }

  /** yaql's str(): null, true and false as yaql spells them, everything else as Python's str(). */
  static String str(Object o) {
    return switch (o) {
      case null -> "null";
      case Boolean b -> b ? "true" : "false";
      case String s -> s;
      default -> PythonRepr.str(o);
    };
  }

  /**
   * The result as the data model promises it: sets become lists, integers Long and floats Double,
   * recursively; containers are copied only when something in them changes.
   */
  static Object output(Object o) {
    if (o instanceof Number && !(o instanceof Long) && !(o instanceof Double)) {
      return number(o);
    }
    if (o instanceof Set<?> s) {
      List<Object> out = new ArrayList<>(s.size());
      s.forEach(x -> out.add(output(x)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = null;
      for (int i = 0; i < l.size(); i++) {
        Object x = l.get(i);
        Object y = output(x);
        if (y != x && out == null) {
          out = new ArrayList<>(l.subList(0, i));
        }
        if (out != null) {
          out.add(y);
        }
      }
      return out == null ? l : out;
    }
    if (o instanceof Map<?, ?> m) {
      Map<Object, Object> out = null;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object y = output(e.getValue());
        if (y != e.getValue() && out == null) {
          out = new LinkedHashMap<>();
          for (Map.Entry<?, ?> f : m.entrySet()) {
            if (f == e || f.getKey() == e.getKey()) {
              break;
            }
            out.put(f.getKey(), f.getValue());
          }
        }
        if (out != null) {
          out.put(e.getKey(), y);
        }
      }
      return out == null ? m : out;
    }
    return o;
  }

  static Set<Object> newSet() {
    return new LinkedHashSet<>();
  }

  static BigDecimal decimal(Object n) {
    return new BigDecimal(n.toString());
  }
}
