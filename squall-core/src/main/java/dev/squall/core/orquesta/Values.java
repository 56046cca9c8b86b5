package dev.squall.core.orquesta;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-like values workflows carry (ordered maps, lists, strings, Long, Double, Boolean,
 * null): copies, and orquesta's {@code merge_dicts}.
 */
public final class Values {

  private Values() {}

  /**
   * A mutable deep copy with integers as Long and floats as Double; other values (such as the
   * workflow state handed to expressions) are shared, not copied.
   */
  public static Object plain(Object value) {
    return switch (value) {
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
        yield out;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(v -> out.add(plain(v)));
        yield out;
      }
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b when b.bitLength() < 64 -> b.longValue();
      case Float f -> f.doubleValue();
      case null, default -> value;
    };
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> copy(Map<String, ?> map) {
    return map == null ? null : (Map<String, Object>) plain(map);
  }

  /**
   * Merges {@code right} into {@code left} (which changes) and returns it: nested maps merge key
   * by key, other values of {@code right} replace those of {@code left} when {@code overwrite}.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> merge(Map<String, Object> left, Map<String, ?> right,
      boolean overwrite) {
    if (left == null) {
      return (Map<String, Object>) right;
    }
    if (right == null) {
      return left;
    }
    for (Map.Entry<String, ?> e : right.entrySet()) {
      Object v = e.getValue();
      if (!left.containsKey(e.getKey())) {
        left.put(e.getKey(), v);
      } else if (left.get(e.getKey()) instanceof Map<?, ?> l && v instanceof Map<?, ?> r) {
        merge((Map<String, Object>) l, (Map<String, Object>) r, overwrite);
      } else if (overwrite) {
        left.put(e.getKey(), v);
      }
    }
    return left;
  }

  /** Whether {@code value} is an int for orquesta (a Python int; booleans are not). */
  static boolean isInteger(Object value) {
    return value instanceof Long || value instanceof Integer;
  }
}
