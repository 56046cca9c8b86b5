package dev.squall.core.yaql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * yaql's standard library as orquesta creates it ({@code yaql.create_context()}): system ({@code
 * let}, {@code with}), boolean, branching, math here; strings, collections/queries and regex in
 * their own classes. Names are yaql's camelCase ones.
 */
final class StandardLibrary {

  private StandardLibrary() {}

  static Map<String, YaqlFunction> functions() {
    Map<String, YaqlFunction> f = new HashMap<>();
    system(f);
    systemExtras(f);
    booleans(f);
    branching(f);
    math(f);
    StringFunctions.register(f);
    CollectionFunctions.register(f);
    QueryFunctions.register(f);
    RegexFunctions.register(f);
    Overloads.register(f);
    return Map.copyOf(f);
  }

  private static void system(Map<String, YaqlFunction> f) {
    f.put("let", (args, call) -> {
      Invocation inv = (Invocation) call;
      Map<String, Object> vars = new HashMap<>();
      for (int i = 0; i < args.size(); i++) {
        vars.put(String.valueOf(i + 1), args.get(i));
      }
      vars.putAll(call.named());
      return new ScopeValue(inv.scope().child(vars));
    });
    f.put("with", (args, call) -> {
      Invocation inv = (Invocation) call;
      Map<String, Object> vars = new HashMap<>();
      for (int i = 0; i < args.size(); i++) {
        vars.put(String.valueOf(i + 1), args.get(i));
      }
      return new ScopeValue(inv.scope().child(vars));
    });
  }

  private static void systemExtras(Map<String, YaqlFunction> f) {
    f.put("unpack", (args, call) -> {
      Invocation inv = (Invocation) call;
      List<Object> items = Lib.list(args.get(0), "unpack");
      List<Object> names = args.subList(1, args.size());
      if (!names.isEmpty() && names.size() != items.size()) {
        throw new YaqlException("Cannot unpack " + items.size() + " elements into " + names.size());
      }
      Map<String, Object> vars = new HashMap<>();
      for (int i = 0; i < items.size(); i++) {
        vars.put(names.isEmpty() ? String.valueOf(i + 1) : Lib.string(names.get(i), "unpack", "name"), items.get(i));
      }
      return new ScopeValue(inv.scope().child(vars));
    });
    f.put("assert", (args, call) -> {
      Object obj = args.get(0);
      YaqlLambda condition = Lib.requiredLambda(call, 1, "condition");
      if (!Values.truthy(condition.apply(obj))) {
        throw new YaqlException(Values.str(Lib.arg(args, call, 2, "message", "Assertion failed")));
      }
      return obj;
    });
  }

  private static void booleans(Map<String, YaqlFunction> f) {
    f.put("bool", (args, call) -> {
      Lib.arity(args, call, 1, 1);
      return Values.truthy(args.get(0));
    });
    f.put("not", (args, call) -> {
      Lib.arity(args, call, 1, 1);
      return !Values.truthy(args.get(0));
    });
    f.put("isBoolean", (args, call) -> args.get(0) instanceof Boolean);
  }

  private static void branching(Map<String, YaqlFunction> f) {
    // switch(cond => value, ...): the first true condition's value; conditions and values are
    // evaluated only as far as needed.
    f.put("switch", (args, call) -> {
      Invocation inv = (Invocation) call;
      if (!args.isEmpty()) {
        throw new YaqlException("switch() takes 'condition => value' arguments only");
      }
      for (Node.Mapping m : inv.mappings()) {
        if (Values.truthy(inv.eval(m.key()))) {
          return inv.eval(m.value());
        }
      }
      return null;
    });
    f.put("selectCase", (args, call) -> {
      for (int i = 0; i < args.size(); i++) {
        if (Values.truthy(args.get(i))) {
          return (long) i;
        }
      }
      return (long) args.size();
    });
    f.put("selectAllCases", (args, call) -> {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        if (Values.truthy(args.get(i))) {
          out.add((long) i);
        }
      }
      return out;
    });
    f.put("examine", (args, call) -> args.stream().map(a -> (Object) Values.truthy(a)).toList());
    f.put("switchCase", (args, call) -> {
      long index = Lib.integer(args.get(0), "switchCase", "case");
      int choices = args.size() - 1;
      if (choices == 0) {
        return null;
      }
      int pick = index < 0 || index >= choices ? choices : (int) index + 1;
      return call.lambda(pick).apply();
    });
    f.put("coalesce", (args, call) -> {
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i) != null) {
          return args.get(i);
        }
      }
      return null;
    });
  }

  private static void math(Map<String, YaqlFunction> f) {
    f.put("abs", (args, call) -> {
      Object n = number(args, call);
      return n instanceof Long l ? (Object) Math.absExact(l) : (Object) Math.abs((Double) n);
    });
    f.put("sign", (args, call) -> {
      Object n = number(args, call);
      double d = ((Number) n).doubleValue();
      return (long) Math.signum(d);
    });
    f.put("int", (args, call) -> {
      Lib.arity(args, call, 1, 1);
      return toInt(args.get(0));
    });
    f.put("float", (args, call) -> {
      Lib.arity(args, call, 1, 1);
      return toFloat(args.get(0));
    });
    f.put("round", (args, call) -> {
      Object n = Values.number(args.get(0));
      if (!(n instanceof Number)) {
        throw new YaqlException("round() applies to a number, not " + Values.typeName(args.get(0)));
      }
      long digits = Lib.integer(Lib.arg(args, call, 1, "ndigits", 0L), "round", "ndigits");
      if (n instanceof Long l && digits >= 0) {
        return l;
      }
      BigDecimal rounded = new BigDecimal(((Number) n).doubleValue()).setScale((int) digits, RoundingMode.HALF_EVEN);
      return digits == 0 ? (Object) rounded.longValueExact() : (Object) rounded.doubleValue();
    });
    f.put("pow", (args, call) -> {
      Lib.arity(args, call, 2, 3);
      Object a = Values.number(args.get(0));
      Object b = Values.number(args.get(1));
      if (args.size() == 3) {
        return java.math.BigInteger.valueOf(Lib.integer(a, "pow", "a"))
            .modPow(java.math.BigInteger.valueOf(Lib.integer(b, "pow", "b")),
                java.math.BigInteger.valueOf(Lib.integer(args.get(2), "pow", "c")))
            .longValue();
      }
      if (a instanceof Long x && b instanceof Long y && y >= 0) {
        return java.math.BigInteger.valueOf(x).pow(Math.toIntExact(y)).longValueExact();
      }
      Operators.arithmetic("*", a, b); // type check: numbers only
      return Math.pow(((Number) a).doubleValue(), ((Number) b).doubleValue());
    });
    f.put("random", (args, call) -> {
      if (args.isEmpty()) {
        return ThreadLocalRandom.current().nextDouble();
      }
      Lib.arity(args, call, 2, 2);
      long from = Lib.integer(args.get(0), "random", "from");
      long to = Lib.integer(args.get(1), "random", "to");
      return ThreadLocalRandom.current().nextLong(from, to + 1);
    });
    f.put("isInteger", (args, call) -> Values.isIntegral(args.get(0)));
    f.put("isNumber", (args, call) -> args.get(0) instanceof Number);
    f.put("bitwiseAnd", (args, call) -> longs(args, call)[0] & longs(args, call)[1]);
    f.put("bitwiseOr", (args, call) -> longs(args, call)[0] | longs(args, call)[1]);
    f.put("bitwiseXor", (args, call) -> longs(args, call)[0] ^ longs(args, call)[1]);
    f.put("bitwiseNot", (args, call) -> ~Lib.integer(args.get(0), "bitwiseNot", "arg"));
    f.put("shiftBitsLeft", (args, call) -> longs(args, call)[0] << longs(args, call)[1]);
    f.put("shiftBitsRight", (args, call) -> longs(args, call)[0] >> longs(args, call)[1]);
    // max/min: of two values (math.py), or of a collection's items (queries.py).
    f.put("max", (args, call) -> extreme(args, call, 1));
    f.put("min", (args, call) -> extreme(args, call, -1));
  }

  private static Object number(List<Object> args, YaqlCall call) {
    Lib.arity(args, call, 1, 1);
    Object n = Values.number(args.get(0));
    if (!(n instanceof Number)) {
      throw new YaqlException(call.name() + "() applies to a number, not " + Values.typeName(args.get(0)));
    }
    return n;
  }

  private static long[] longs(List<Object> args, YaqlCall call) {
    Lib.arity(args, call, 2, 2);
    return new long[] {Lib.integer(args.get(0), call.name(), "left"), Lib.integer(args.get(1), call.name(), "right")};
  }

  private static Object extreme(List<Object> args, YaqlCall call, int sign) {
    boolean ofCollection = args.size() <= 2 && args.get(0) instanceof java.util.Collection<?>
        && (call.hasReceiver() || args.size() == 1);
    if (!ofCollection) {
      Lib.arity(args, call, 2, 2);
      return better(args.get(0), args.get(1), sign);
    }
    Object best = Lib.arg(args, call, 1, "initial", Lib.NONE);
    for (Object item : Lib.items(args.get(0), call.name())) {
      best = best == Lib.NONE ? item : better(best, item, sign);
    }
    if (best == Lib.NONE) {
      throw new YaqlException(call.name() + "() of an empty collection");
    }
    return best;
  }

  private static Object better(Object a, Object b, int sign) {
    return Values.compare(b, a) * sign > 0 ? b : a;
  }

  static Object toInt(Object v) {
    return switch (v) {
      case null -> 0L;
      case Boolean b -> b ? 1L : 0L;
      case String s -> {
        try {
          yield Long.parseLong(s.strip().replace("_", ""));
        } catch (NumberFormatException e) {
          throw new YaqlException("invalid literal for int() with base 10: " + dev.squall.core.python.PythonRepr.repr(s));
        }
      }
      case Number n when Values.isIntegral(n) -> n.longValue();
      case Number n -> {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new YaqlException("cannot convert float " + d + " to integer");
        }
        yield (long) d;
      }
      default -> throw new YaqlException("int() applies to a string or a number, not " + Values.typeName(v));
    };
  }

  static Object toFloat(Object v) {
    return switch (v) {
      case null -> 0.0;
      case Boolean b -> b ? 1.0 : 0.0;
      case String s -> {
        try {
          String t = s.strip().toLowerCase(java.util.Locale.ROOT);
          yield switch (t) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
              if (t.endsWith("d") || t.endsWith("f") || t.startsWith("0x")) {
                throw new NumberFormatException(t);
              }
              yield Double.parseDouble(t);
            }
          };
        } catch (NumberFormatException e) {
          throw new YaqlException("could not convert string to float: " + dev.squall.core.python.PythonRepr.repr(s));
        }
      }
      case Number n -> n.doubleValue();
      default -> throw new YaqlException("float() applies to a string or a number, not " + Values.typeName(v));
    };
  }
}
