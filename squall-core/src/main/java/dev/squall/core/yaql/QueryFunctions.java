package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * yaql's queries.py (LINQ-style methods over collections). yaql returns lazy iterators; here every
 * result is a materialised list, which is what a workflow sees after yaql's output conversion.
 */
final class QueryFunctions {

  private QueryFunctions() {}

  private static final long GENERATE_LIMIT = 1_000_000;

  static void register(Map<String, YaqlFunction> f) {
    YaqlFunction where = (args, call) -> {
      YaqlLambda p = Lib.requiredLambda(call, 1, "predicate");
      return items(args, call).stream().filter(x -> Values.truthy(p.apply(x))).toList();
    };
    f.put("where", where);
    f.put("filter", where);
    YaqlFunction select = (args, call) -> {
      YaqlLambda s = Lib.requiredLambda(call, 1, "selector");
      List<Object> out = new ArrayList<>();
      items(args, call).forEach(x -> out.add(s.apply(x)));
      return out;
    };
    f.put("select", select);
    f.put("map", select);
    f.put("selectMany", (args, call) -> {
      YaqlLambda s = Lib.requiredLambda(call, 1, "selector");
      List<Object> out = new ArrayList<>();
      for (Object x : items(args, call)) {
        Object r = s.apply(x);
        if (r instanceof Collection<?> c) {
          out.addAll(c);
        } else {
          out.add(r);
        }
      }
      return out;
    });
    f.put("skip", (args, call) -> {
      List<Object> l = list(args, call);
      long n = Lib.integer(Lib.required(args, call, 1, "count"), "skip", "count");
      return new ArrayList<>(l.subList((int) Math.min(l.size(), Math.max(0, n)), l.size()));
    });
    YaqlFunction limit = (args, call) -> {
      List<Object> l = list(args, call);
      long n = Lib.integer(Lib.required(args, call, 1, "count"), call.name(), "count");
      return new ArrayList<>(l.subList(0, (int) Math.min(l.size(), Math.max(0, n))));
    };
    f.put("limit", limit);
    f.put("take", limit);
    f.put("append", (args, call) -> {
      List<Object> out = new ArrayList<>(items(args, call));
      out.addAll(args.subList(1, args.size()));
      return out;
    });
    f.put("distinct", (args, call) -> {
      YaqlLambda key = Lib.lambda(call, 1, "keySelector");
      Set<Object> seen = new HashSet<>();
      List<Object> out = new ArrayList<>();
      for (Object x : items(args, call)) {
        if (seen.add(Values.key(key == null ? x : key.apply(x)))) {
          out.add(x);
        }
      }
      return out;
    });
    f.put("enumerate", (args, call) -> {
      long i = Lib.integer(Lib.arg(args, call, 1, "start", 0L), "enumerate", "start");
      List<Object> out = new ArrayList<>();
      for (Object x : items(args, call)) {
        out.add(CollectionFunctions.pair(i++, x));
      }
      return out;
    });
    f.put("any", (args, call) -> {
      YaqlLambda p = Lib.lambda(call, 1, "predicate");
      return items(args, call).stream().anyMatch(x -> p == null || Values.truthy(p.apply(x)));
    });
    f.put("all", (args, call) -> {
      YaqlLambda p = Lib.lambda(call, 1, "predicate");
      return items(args, call).stream().allMatch(x -> Values.truthy(p == null ? x : p.apply(x)));
    });
    f.put("count", (args, call) -> (long) items(args, call).size());
    f.put("memorize", (args, call) -> args.get(0));
    f.put("sum", (args, call) -> {
      Object acc = Lib.arg(args, call, 1, "initial", Lib.NONE);
      for (Object x : items(args, call)) {
        acc = acc == Lib.NONE ? x : Operators.binary("+", acc, x);
      }
      if (acc == Lib.NONE) {
        throw new YaqlException("sum() of an empty collection without an initial value");
      }
      return acc;
    });
    f.put("first", (args, call) -> {
      Collection<Object> c = items(args, call);
      Object fallback = Lib.arg(args, call, 1, "default", Lib.NONE);
      if (c.isEmpty()) {
        return orFail(fallback, "first() of an empty collection");
      }
      return c.iterator().next();
    });
    f.put("last", (args, call) -> {
      List<Object> l = list(args, call);
      Object fallback = Lib.arg(args, call, 1, "default", Lib.NONE);
      return l.isEmpty() ? orFail(fallback, "last() of an empty collection") : l.get(l.size() - 1);
    });
    f.put("single", (args, call) -> {
      List<Object> l = list(args, call);
      if (l.size() != 1) {
        throw new YaqlException(l.isEmpty() ? "Collection is empty" : "Collection contains more than one item");
      }
      return l.get(0);
    });
    f.put("range", (args, call) -> {
      Lib.arity(args, call, 1, 3);
      long start = args.size() == 1 ? 0 : Lib.integer(args.get(0), "range", "start");
      long stop = Lib.integer(args.get(args.size() == 1 ? 0 : 1), "range", "stop");
      long step = args.size() == 3 ? Lib.integer(args.get(2), "range", "step") : 1;
      if (step == 0) {
        throw new YaqlException("range() step must not be zero");
      }
      List<Object> out = new ArrayList<>();
      for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
        out.add(i);
        limit(out.size());
      }
      return out;
    });
    f.put("orderBy", (args, call) -> Ordering.of(items(args, call)).then(Lib.requiredLambda(call, 1, "selector"), true));
    f.put("orderByDescending", (args, call) ->
        Ordering.of(items(args, call)).then(Lib.requiredLambda(call, 1, "selector"), false));
    f.put("thenBy", (args, call) -> ordering(args).then(Lib.requiredLambda(call, 1, "selector"), true));
    f.put("thenByDescending", (args, call) -> ordering(args).then(Lib.requiredLambda(call, 1, "selector"), false));
    f.put("groupBy", (args, call) -> {
      YaqlLambda key = Lib.requiredLambda(call, 1, "keySelector");
      YaqlLambda value = Lib.lambda(call, 2, "valueSelector");
      YaqlLambda aggregator = Lib.lambda(call, 3, "aggregator");
      Map<Object, Object[]> groups = new LinkedHashMap<>();
      for (Object x : items(args, call)) {
        Object k = key.apply(x);
        Object[] group = groups.computeIfAbsent(Values.key(k), unused -> new Object[] {k, new ArrayList<>()});
        @SuppressWarnings("unchecked")
        List<Object> members = (List<Object>) group[1];
        members.add(value == null ? x : value.apply(x));
      }
      List<Object> out = new ArrayList<>();
      for (Object[] g : groups.values()) {
        out.add(CollectionFunctions.pair(g[0], aggregator == null ? g[1] : aggregator.apply(g[1])));
      }
      return out;
    });
    f.put("zip", (args, call) -> zip(args, false, null));
    f.put("zipLongest", (args, call) -> zip(args, true, call.named().get("default")));
    f.put("repeat", (args, call) -> {
      long times = Lib.integer(Lib.arg(args, call, 1, "times", -1L), "repeat", "times");
      if (times < 0) {
        throw new YaqlException("repeat() without a count is infinite; give times");
      }
      limit(times);
      List<Object> out = new ArrayList<>();
      for (long i = 0; i < times; i++) {
        out.add(args.get(0));
      }
      return out;
    });
    f.put("takeWhile", (args, call) -> {
      YaqlLambda p = Lib.requiredLambda(call, 1, "predicate");
      List<Object> out = new ArrayList<>();
      for (Object x : items(args, call)) {
        if (!Values.truthy(p.apply(x))) {
          break;
        }
        out.add(x);
      }
      return out;
    });
    f.put("skipWhile", (args, call) -> {
      YaqlLambda p = Lib.requiredLambda(call, 1, "predicate");
      List<Object> out = new ArrayList<>();
      boolean skipping = true;
      for (Object x : items(args, call)) {
        skipping = skipping && Values.truthy(p.apply(x));
        if (!skipping) {
          out.add(x);
        }
      }
      return out;
    });
    f.put("indexWhere", (args, call) -> {
      YaqlLambda p = Lib.requiredLambda(call, 1, "predicate");
      List<Object> l = list(args, call);
      for (int i = 0; i < l.size(); i++) {
        if (Values.truthy(p.apply(l.get(i)))) {
          return (long) i;
        }
      }
      return -1L;
    });
    f.put("lastIndexWhere", (args, call) -> {
      YaqlLambda p = Lib.requiredLambda(call, 1, "predicate");
      List<Object> l = list(args, call);
      for (int i = l.size() - 1; i >= 0; i--) {
        if (Values.truthy(p.apply(l.get(i)))) {
          return (long) i;
        }
      }
      return -1L;
    });
    f.put("slice", (args, call) -> {
      List<Object> l = list(args, call);
      long n = Lib.integer(Lib.required(args, call, 1, "length"), "slice", "length");
      if (n <= 0) {
        throw new YaqlException("slice() length must be positive");
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i += (int) n) {
        out.add(new ArrayList<>(l.subList(i, (int) Math.min(l.size(), i + n))));
      }
      return out;
    });
    f.put("splitWhere", (args, call) -> splitWhere(args, call, false));
    f.put("sliceWhere", (args, call) -> splitWhere(args, call, true));
    f.put("splitAt", (args, call) -> {
      List<Object> l = list(args, call);
      long at = Lib.integer(Lib.required(args, call, 1, "index"), "splitAt", "index");
      int i = (int) Math.max(0, Math.min(l.size(), at < 0 ? at + l.size() : at));
      return CollectionFunctions.pair(new ArrayList<>(l.subList(0, i)), new ArrayList<>(l.subList(i, l.size())));
    });
    YaqlFunction aggregate = (args, call) -> {
      YaqlLambda s = Lib.requiredLambda(call, 1, "selector");
      Object acc = Lib.arg(args, call, 2, "seed", Lib.NONE);
      for (Object x : items(args, call)) {
        acc = acc == Lib.NONE ? x : s.apply(acc, x);
      }
      return orFail(acc, call.name() + "() of an empty collection without a seed");
    };
    f.put("aggregate", aggregate);
    f.put("reduce", aggregate);
    f.put("accumulate", (args, call) -> {
      YaqlLambda s = Lib.requiredLambda(call, 1, "selector");
      Object acc = Lib.arg(args, call, 2, "seed", Lib.NONE);
      List<Object> out = new ArrayList<>();
      if (acc != Lib.NONE) {
        out.add(acc);
      }
      for (Object x : items(args, call)) {
        acc = acc == Lib.NONE ? x : s.apply(acc, x);
        out.add(acc);
      }
      return out;
    });
    f.put("reverse", (args, call) -> {
      List<Object> out = new ArrayList<>(items(args, call));
      java.util.Collections.reverse(out);
      return out;
    });
    f.put("mergeWith", (args, call) -> {
      Map<Object, Object> d = Values.toMap(args.get(0), "The receiver of mergeWith()");
      Map<Object, Object> other = Values.toMap(Lib.required(args, call, 1, "another"), "mergeWith() argument");
      YaqlLambda lists = Lib.lambda(call, 2, "listMerger");
      YaqlLambda itemsMerger = Lib.lambda(call, 3, "itemMerger");
      long levels = Lib.integer(Lib.arg(args, call, 4, "maxLevels", 0L), "mergeWith", "maxLevels");
      return merge(d, other, lists, itemsMerger, levels);
    });
    f.put("generate", (args, call) -> {
      Object x = Lib.required(args, call, 0, "initial");
      YaqlLambda predicate = Lib.requiredLambda(call, 1, "predicate");
      YaqlLambda producer = Lib.requiredLambda(call, 2, "producer");
      YaqlLambda selector = Lib.lambda(call, 3, "selector");
      List<Object> out = new ArrayList<>();
      while (Values.truthy(predicate.apply(x))) {
        out.add(selector == null ? x : selector.apply(x));
        limit(out.size());
        x = producer.apply(x);
      }
      return out;
    });
    f.put("defaultIfEmpty", (args, call) -> {
      Collection<Object> c = items(args, call);
      return c.isEmpty() ? Lib.required(args, call, 1, "default") : c;
    });
  }

  private static Collection<Object> items(List<Object> args, YaqlCall call) {
    if (args.isEmpty()) {
      throw new YaqlException(call.name() + "() needs a collection");
    }
    return Lib.items(args.get(0), call.name());
  }

  private static List<Object> list(List<Object> args, YaqlCall call) {
    Collection<Object> c = items(args, call);
    return c instanceof List<Object> l ? l : new ArrayList<>(c);
  }

  private static Object orFail(Object v, String message) {
    if (v == Lib.NONE) {
      throw new YaqlException(message);
    }
    return v;
  }

  private static void limit(long size) {
    if (size > GENERATE_LIMIT) {
      throw new YaqlException("The collection would exceed " + GENERATE_LIMIT + " items");
    }
  }

  private static Ordering ordering(List<Object> args) {
    if (args.get(0) instanceof Ordering o) {
      return o;
    }
    throw new YaqlException("thenBy() follows orderBy()");
  }

  private static List<Object> zip(List<Object> args, boolean longest, Object fill) {
    List<List<Object>> lists = args.stream().map(a -> Lib.list(a, "zip")).toList();
    int n = lists.stream().mapToInt(List::size).reduce(longest ? 0 : Integer.MAX_VALUE, longest ? Math::max : Math::min);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < (lists.isEmpty() ? 0 : n); i++) {
      List<Object> row = new ArrayList<>();
      for (List<Object> l : lists) {
        row.add(i < l.size() ? l.get(i) : fill);
      }
      out.add(row);
    }
    return out;
  }

  private static List<Object> splitWhere(List<Object> args, YaqlCall call, boolean keepSeparators) {
    YaqlLambda p = Lib.requiredLambda(call, 1, "predicate");
    List<Object> out = new ArrayList<>();
    List<Object> current = new ArrayList<>();
    Boolean previous = null;
    for (Object x : items(args, call)) {
      boolean hit = Values.truthy(p.apply(x));
      if (keepSeparators) {
        if (previous != null && hit != previous) {
          out.add(current);
          current = new ArrayList<>();
        }
        current.add(x);
        previous = hit;
      } else if (hit) {
        out.add(current);
        current = new ArrayList<>();
      } else {
        current.add(x);
      }
    }
    if (!current.isEmpty() || (!keepSeparators && !out.isEmpty())) {
      out.add(current);
    }
    return out;
  }

  private static Map<Object, Object> merge(Map<Object, Object> a, Map<Object, Object> b, YaqlLambda lists,
      YaqlLambda items, long levels) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Map.Entry<Object, Object> e : a.entrySet()) {
      Object v1 = e.getValue();
      out.put(e.getKey(), v1);
      if (!b.containsKey(e.getKey())) {
        continue;
      }
      Object v2 = b.get(e.getKey());
      if (levels != 1 && v2 instanceof Map<?, ?>) {
        out.put(e.getKey(), merge(Values.toMap(v1, "Cannot merge " + Values.typeName(v1) + " with dictionary;"),
            Values.toMap(v2, ""), lists, items, levels == 0 ? 0 : levels - 1));
      } else if (levels != 1 && v2 instanceof List<?> l2) {
        if (!(v1 instanceof List<?> l1)) {
          throw new YaqlException("Cannot merge " + Values.typeName(v1) + " with list");
        }
        if (lists != null) {
          out.put(e.getKey(), lists.apply(v1, v2));
        } else {
          List<Object> all = new ArrayList<>(l1);
          all.addAll(l2);
          out.put(e.getKey(), new ArrayList<>(CollectionFunctions.setOf(all)));
        }
      } else {
        out.put(e.getKey(), items == null ? v2 : items.apply(v1, v2));
      }
    }
    b.forEach(out::putIfAbsent);
    return out;
  }

  /** The result of orderBy: a sorted list that remembers its keys so thenBy can refine them. */
  static final class Ordering extends ArrayList<Object> {
    private final transient List<Object> source;
    private final transient List<Map.Entry<YaqlLambda, Boolean>> keys;

    private Ordering(List<Object> source, List<Map.Entry<YaqlLambda, Boolean>> keys) {
      this.source = source;
      this.keys = keys;
      List<Object[]> rows = new ArrayList<>();
      for (Object x : source) {
        Object[] row = new Object[keys.size() + 1];
        row[0] = x;
        for (int i = 0; i < keys.size(); i++) {
          row[i + 1] = keys.get(i).getKey().apply(x);
        }
        rows.add(row);
      }
      Comparator<Object[]> order = (r, s) -> 0;
      for (int i = 0; i < keys.size(); i++) {
        int at = i + 1;
        boolean asc = keys.get(i).getValue();
        Comparator<Object[]> field = (r, s) -> Values.compare(r[at], s[at]);
        order = order.thenComparing(asc ? field : field.reversed());
      }
      rows.sort(order);
      rows.forEach(r -> add(r[0]));
    }

    static Ordering of(Collection<Object> items) {
      return new Ordering(new ArrayList<>(items), List.of());
    }

    Ordering then(YaqlLambda selector, boolean ascending) {
      List<Map.Entry<YaqlLambda, Boolean>> more = new ArrayList<>(keys);
      more.add(Map.entry(selector, ascending));
      return new Ordering(source, more);
    }
  }
}
