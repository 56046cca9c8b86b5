package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Names yaql defines several times for different argument types (strings, collections,
 * dictionaries, regexes); each dispatches here on the types it is given, as yaql's overload
 * resolution does.
 */
final class Overloads {

  private Overloads() {}

  static void register(Map<String, YaqlFunction> f) {
    f.put("len", (args, call) -> {
      Lib.arity(args, call, 1, 1);
      return switch (args.get(0)) {
        case String s -> (long) s.codePointCount(0, s.length());
        case Collection<?> c -> (long) c.size();
        case Map<?, ?> m -> (long) m.size();
        case null, default -> throw new YaqlException("len() applies to a string, list or dictionary, not "
            + Values.typeName(args.get(0)));
      };
    });
    f.put("concat", (args, call) -> {
      if (args.stream().allMatch(a -> a instanceof String)) {
        return String.join("", args.stream().map(a -> (String) a).toList());
      }
      List<Object> out = new ArrayList<>();
      args.forEach(a -> out.addAll(Lib.items(a, "concat")));
      return out;
    });
    f.put("join", (args, call) -> {
      if (args.size() == 4) {
        return joinCollections(args, call);
      }
      Lib.arity(args, call, 2, 2);
      if (args.get(0) instanceof String sep && args.get(1) instanceof Collection<?> items) {
        return StringFunctions.join(items, sep);
      }
      return StringFunctions.join(Lib.items(args.get(0), "join"), Lib.string(args.get(1), "join", "separator"));
    });
    f.put("split", (args, call) -> {
      Object first = args.get(0);
      if (first instanceof Regex r) {
        long max = Lib.integer(Lib.arg(args, call, 2, "maxSplit", 0L), "split", "maxSplit");
        return RegexFunctions.split(r, Lib.string(args.get(1), "split", "string"), max);
      }
      String s = Lib.string(first, "split", "string");
      Object sep = Lib.arg(args, call, 1, "separator", null);
      if (sep instanceof Regex r) {
        long max = Lib.integer(Lib.arg(args, call, 2, "maxSplit", 0L), "split", "maxSplit");
        return RegexFunctions.split(r, s, max);
      }
      long max = Lib.integer(Lib.arg(args, call, 2, "maxSplits", -1L), "split", "maxSplits");
      return StringFunctions.split(s, sep == null ? null : Lib.string(sep, "split", "separator"), max);
    });
    f.put("replace", (args, call) -> {
      Object first = args.get(0);
      if (first instanceof Regex r) {
        return RegexFunctions.replace(r, Lib.string(args.get(1), "replace", "string"),
            Lib.string(args.get(2), "replace", "repl"),
            Lib.integer(Lib.arg(args, call, 3, "count", 0L), "replace", "count"));
      }
      if (first instanceof Collection<?>) {
        return CollectionFunctions.replaceAt(args, call, List.of(args.get(2)));
      }
      String s = Lib.string(first, "replace", "string");
      Object what = Lib.required(args, call, 1, "old");
      if (what instanceof Map<?, ?> m) {
        return StringFunctions.replaceAll(s, m, Lib.integer(Lib.arg(args, call, 2, "count", -1L), "replace", "count"));
      }
      if (what instanceof Regex r) {
        return RegexFunctions.replace(r, s, Lib.string(args.get(2), "replace", "repl"),
            Lib.integer(Lib.arg(args, call, 3, "count", 0L), "replace", "count"));
      }
      return StringFunctions.replace(s, Lib.string(what, "replace", "old"),
          Lib.string(Lib.required(args, call, 2, "new"), "replace", "new"),
          Lib.integer(Lib.arg(args, call, 3, "count", -1L), "replace", "count"));
    });
    f.put("indexOf", (args, call) -> indexOf(args, call, false));
    f.put("lastIndexOf", (args, call) -> indexOf(args, call, true));
    f.put("delete", CollectionFunctions::delete);
    f.put("set", (args, call) -> {
      if (call.hasReceiver() && args.get(0) instanceof Map<?, ?>) {
        return CollectionFunctions.dictSet(args, call);
      }
      return CollectionFunctions.setOf(args);
    });
    f.put("matches", (args, call) -> {
      Lib.arity(args, call, 2, 2);
      return RegexFunctions.matches(args);
    });
  }

  private static Object indexOf(List<Object> args, YaqlCall call, boolean last) {
    if (args.get(0) instanceof String s) {
      String sub = Lib.string(Lib.required(args, call, 1, "sub"), call.name(), "sub");
      long start = Lib.integer(Lib.arg(args, call, 2, "start", 0L), call.name(), "start");
      long length = Lib.integer(Lib.arg(args, call, 3, "length", -1L), call.name(), "length");
      return last ? StringFunctions.lastIndexOf(s, sub, start, length) : StringFunctions.indexOf(s, sub, start, length);
    }
    List<Object> l = Lib.list(args.get(0), call.name());
    Object item = Lib.required(args, call, 1, "item");
    for (int k = 0; k < l.size(); k++) {
      int i = last ? l.size() - 1 - k : k;
      if (Values.equal(l.get(i), item)) {
        return (long) i;
      }
    }
    return -1L;
  }

  /** collection1.join(collection2, predicate($1, $2), selector($1, $2)). */
  private static Object joinCollections(List<Object> args, YaqlCall call) {
    YaqlLambda predicate = call.lambda(2);
    YaqlLambda selector = call.lambda(3);
    List<Object> out = new ArrayList<>();
    Collection<Object> right = Lib.items(args.get(1), "join");
    for (Object a : Lib.items(args.get(0), "join")) {
      for (Object b : right) {
        if (Values.truthy(predicate.apply(a, b))) {
          out.add(selector.apply(a, b));
        }
      }
    }
    return out;
  }
}
