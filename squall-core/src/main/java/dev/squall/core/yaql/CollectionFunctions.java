package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * yaql's collections.py: list/dict/set construction, dictionary access and updates (always a new
 * dictionary, yaql's are immutable), list edits by position, set algebra.
 */
final class CollectionFunctions {

  private CollectionFunctions() {}

  static void register(Map<String, YaqlFunction> f) {
    f.put("list", (args, call) -> new ArrayList<>(args));
    f.put("flatten", (args, call) -> {
      List<Object> out = new ArrayList<>();
      flatten(Lib.items(args.get(0), "flatten"), out);
      return out;
    });
    f.put("toList", (args, call) -> new ArrayList<>(Lib.items(args.get(0), "toList")));
    f.put("dict", (args, call) -> {
      Invocation inv = (Invocation) call;
      Map<Object, Object> out = new LinkedHashMap<>();
      if (args.size() == 1) {
        for (Object pair : Lib.items(args.get(0), "dict")) {
          List<Object> kv = Lib.list(pair, "dict");
          if (kv.size() != 2) {
            throw new YaqlException("dict() takes pairs [key, value], not " + Values.str(pair));
          }
          out.put(kv.get(0), kv.get(1));
        }
      } else if (!args.isEmpty()) {
        throw new YaqlException("dict() takes 'key => value' arguments or one list of pairs");
      }
      for (Node.Mapping m : inv.mappings()) {
        out.put(inv.keyOf(m.key()), inv.eval(m.value()));
      }
      return out;
    });
    f.put("toDict", (args, call) -> {
      YaqlLambda key = Lib.requiredLambda(call, 1, "keySelector");
      YaqlLambda value = Lib.lambda(call, 2, "valueSelector");
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Object item : Lib.items(args.get(0), "toDict")) {
        out.put(key.apply(item), value == null ? item : value.apply(item));
      }
      return out;
    });
    f.put("get", (args, call) -> {
      Map<Object, Object> d = Values.toMap(args.get(0), "The receiver of get()");
      Object key = Lib.required(args, call, 1, "key");
      Object fallback = Lib.arg(args, call, 2, "default", null);
      return d.containsKey(key) ? d.get(key) : fallback;
    });
    f.put("keys", (args, call) -> new ArrayList<>(Values.toMap(args.get(0), "The receiver of keys()").keySet()));
    f.put("values", (args, call) -> new ArrayList<>(Values.toMap(args.get(0), "The receiver of values()").values()));
    f.put("items", (args, call) -> {
      List<Object> out = new ArrayList<>();
      Values.toMap(args.get(0), "The receiver of items()").forEach((k, v) -> out.add(pair(k, v)));
      return out;
    });
    f.put("contains", (args, call) -> Values.contains(Lib.items(args.get(0), "contains"), args.get(1)));
    f.put("containsKey", (args, call) -> Values.toMap(args.get(0), "The receiver of containsKey()").containsKey(args.get(1)));
    f.put("containsValue", (args, call) ->
        Values.contains(Values.toMap(args.get(0), "The receiver of containsValue()").values(), args.get(1)));
    f.put("isList", (args, call) -> args.get(0) instanceof List<?>);
    f.put("isDict", (args, call) -> args.get(0) instanceof Map<?, ?>);
    f.put("isSet", (args, call) -> args.get(0) instanceof Set<?>);
    f.put("isIterable", (args, call) -> args.get(0) instanceof Collection<?>);
    f.put("deleteAll", (args, call) -> {
      Map<Object, Object> out = new LinkedHashMap<>(Values.toMap(args.get(0), "The receiver of deleteAll()"));
      Lib.items(args.get(1), "deleteAll").forEach(out::remove);
      return out;
    });
    f.put("insert", (args, call) -> insertMany(args, call, List.of(args.get(2))));
    f.put("insertMany", (args, call) -> insertMany(args, call, Lib.items(args.get(2), "insertMany")));
    f.put("replaceMany", (args, call) -> replaceAt(args, call, Lib.items(args.get(2), "replaceMany")));
    f.put("toSet", (args, call) -> setOf(Lib.items(args.get(0), "toSet")));
    f.put("union", (args, call) -> {
      List<Object> all = new ArrayList<>(Lib.items(args.get(0), "union"));
      all.addAll(Lib.items(args.get(1), "union"));
      return setOf(all);
    });
    f.put("intersect", (args, call) -> {
      Collection<Object> right = Lib.items(args.get(1), "intersect");
      return setOf(Lib.items(args.get(0), "intersect").stream().filter(x -> Values.contains(right, x)).toList());
    });
    f.put("difference", (args, call) -> difference(args.get(0), args.get(1)));
    f.put("symmetricDifference", (args, call) -> {
      List<Object> out = new ArrayList<>(difference(args.get(0), args.get(1)));
      out.addAll(difference(args.get(1), args.get(0)));
      return setOf(out);
    });
    f.put("add", (args, call) -> {
      List<Object> all = new ArrayList<>(Lib.items(args.get(0), "add"));
      all.addAll(args.subList(1, args.size()));
      return setOf(all);
    });
    f.put("remove", (args, call) -> difference(args.get(0), args.subList(1, args.size())));
  }

  static List<Object> pair(Object a, Object b) {
    List<Object> p = new ArrayList<>(2);
    p.add(a);
    p.add(b);
    return p;
  }

  private static void flatten(Collection<?> items, List<Object> out) {
    for (Object o : items) {
      if (o instanceof Collection<?> c) {
        flatten(c, out);
      } else {
        out.add(o);
      }
    }
  }

  /** A set with Python's equality (1 and 1.0 are one member), in first-seen order. */
  static Set<Object> setOf(Collection<?> items) {
    Set<Object> keys = new java.util.HashSet<>();
    Set<Object> out = new LinkedHashSet<>();
    for (Object o : items) {
      if (keys.add(Values.key(o))) {
        out.add(o);
      }
    }
    return out;
  }

  private static Set<Object> difference(Object left, Object right) {
    Collection<Object> r = Lib.items(right, "difference");
    return setOf(Lib.items(left, "difference").stream().filter(x -> !Values.contains(r, x)).toList());
  }

  /** {"a" => 1}.set("b", 2), .set({"b" => 2}), .set(b => 2): a new dictionary. */
  static Map<Object, Object> dictSet(List<Object> args, YaqlCall call) {
    Map<Object, Object> out = new LinkedHashMap<>(Values.toMap(args.get(0), "The receiver of set()"));
    if (args.size() == 3) {
      out.put(args.get(1), args.get(2));
    } else if (args.size() == 2) {
      out.putAll(Values.toMap(args.get(1), "set() argument"));
    } else if (args.size() != 1) {
      throw new YaqlException("set() on a dictionary takes (key, value), a dictionary, or key => value arguments");
    }
    out.putAll(call.named());
    return out;
  }

  /** list.delete(position, count => 1) or dict.delete(key, ...). */
  static Object delete(List<Object> args, YaqlCall call) {
    if (args.get(0) instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>(m);
      args.subList(1, args.size()).forEach(out::remove);
      return out;
    }
    List<Object> lst = Lib.list(args.get(0), "delete");
    long position = Lib.integer(Lib.required(args, call, 1, "position"), "delete", "position");
    long count = Lib.integer(Lib.arg(args, call, 2, "count", 1L), "delete", "count");
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < lst.size(); i++) {
      boolean gone = i >= position && (count < 0 || i < position + count);
      if (!gone) {
        out.add(lst.get(i));
      }
    }
    return out;
  }

  private static Object insertMany(List<Object> args, YaqlCall call, Collection<Object> values) {
    List<Object> lst = Lib.list(args.get(0), call.name());
    long position = Lib.integer(args.get(1), call.name(), "position");
    List<Object> out = new ArrayList<>(lst);
    int at = (int) Math.max(0, Math.min(lst.size(), position < 0 ? position + lst.size() : position));
    out.addAll(at, values);
    return out;
  }

  /** list.replace(position, value, count => 1) and replaceMany: count items from position give way. */
  static Object replaceAt(List<Object> args, YaqlCall call, Collection<Object> values) {
    List<Object> lst = Lib.list(args.get(0), call.name());
    long position = Lib.integer(args.get(1), call.name(), "position");
    long count = Lib.integer(Lib.arg(args, call, 3, "count", 1L), call.name(), "count");
    List<Object> out = new ArrayList<>();
    boolean inserted = false;
    for (int i = 0; i < lst.size(); i++) {
      boolean replaced = i >= position && (count < 0 || i < position + count);
      if (replaced) {
        if (!inserted) {
          out.addAll(values);
          inserted = true;
        }
      } else {
        out.add(lst.get(i));
      }
    }
    return out;
  }
}
