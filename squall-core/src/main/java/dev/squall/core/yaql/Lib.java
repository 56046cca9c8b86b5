package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Argument helpers for the standard library: positional-or-keyword arguments, lambdas. */
final class Lib {

  /** Marks "no value given" where null is a legitimate value. */
  static final Object NONE = new Object();

  private Lib() {}

  /** Positional argument {@code i}, else keyword {@code name}, else {@code fallback}. */
  static Object arg(List<Object> args, YaqlCall call, int i, String name, Object fallback) {
    if (i < args.size()) {
      return args.get(i);
    }
    Map<String, Object> named = call.named();
    return named.containsKey(name) ? named.get(name) : fallback;
  }

  /** Like {@link #arg} but the argument must be given. */
  static Object required(List<Object> args, YaqlCall call, int i, String name) {
    Object v = arg(args, call, i, name, NONE);
    if (v == NONE) {
      throw new YaqlException(call.name() + "() is missing its argument '" + name + "'");
    }
    return v;
  }

  /** Positional lambda {@code i}, else keyword lambda {@code name}, else null. */
  static YaqlLambda lambda(YaqlCall call, int i, String name) {
    return i < call.size() ? call.lambda(i) : call.namedLambda(name);
  }

  static YaqlLambda requiredLambda(YaqlCall call, int i, String name) {
    YaqlLambda l = lambda(call, i, name);
    if (l == null) {
      throw new YaqlException(call.name() + "() is missing its argument '" + name + "'");
    }
    return l;
  }

  static void arity(List<Object> args, YaqlCall call, int min, int max) {
    int n = args.size();
    if (n < min || n > max) {
      String expected = min == max ? String.valueOf(min) : min + " to " + max;
      throw new YaqlException(call.name() + "() takes " + expected + " arguments (receiver included), not " + n);
    }
  }

  /** The receiver (or first argument) as a collection; a dictionary iterates over its keys, as in Python. */
  static Collection<Object> items(Object o, String fn) {
    if (o instanceof Map<?, ?> m) {
      return new ArrayList<>(m.keySet());
    }
    if (o instanceof Collection<?>) {
      return Values.toCollection(o, "The receiver of " + fn + "()");
    }
    throw new YaqlException(fn + "() applies to a list, not " + Values.typeName(o));
  }

  static List<Object> list(Object o, String fn) {
    Collection<Object> c = items(o, fn);
    return c instanceof List<Object> l ? l : new ArrayList<>(c);
  }

  static long integer(Object o, String fn, String what) {
    return Values.toLong(o, fn + "() argument '" + what + "'");
  }

  static String string(Object o, String fn, String what) {
    return Values.toStr(o, fn + "() argument '" + what + "'");
  }

  static boolean isIterable(Object o) {
    return o instanceof Collection<?>;
  }
}
