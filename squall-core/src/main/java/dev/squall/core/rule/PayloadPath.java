package dev.squall.core.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A criteria key such as {@code trigger.body.items[0].name}, resolved as StackStorm resolves it
 * with jsonpath-rw against {@code {"trigger": payload}}: dotted fields, {@code [n]} (negative
 * counts from the end), {@code [*]} and {@code *} wildcards, and quoted fields ({@code
 * trigger."a.b"}) for keys that contain dots. StackStorm takes the first match, so a wildcard
 * yields the first element found.
 *
 * <p>One leniency: a numeric field on a list ({@code trigger.items.0}) indexes it. jsonpath-rw
 * finds nothing there, but users write it that way and mean the index.
 */
final class PayloadPath {

  private sealed interface Segment {}

  private record Field(String name) implements Segment {}

  private record Index(int index) implements Segment {}

  private record Wildcard() implements Segment {}

  private final List<Segment> segments;

  private PayloadPath(List<Segment> segments) {
    this.segments = segments;
  }

  /** Parses a key; throws IllegalArgumentException with the position of a syntax error. */
  static PayloadPath parse(String key) {
    List<Segment> out = new ArrayList<>();
    int i = 0;
    int n = key.length();
    boolean expectField = true;
    while (i < n) {
      char c = key.charAt(i);
      if (c == '[') {
        int close = key.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '[' at position " + i + " in \"" + key + "\"");
        }
        String inside = key.substring(i + 1, close).trim();
        if (inside.equals("*")) {
          out.add(new Wildcard());
        } else {
          try {
            out.add(new Index(Integer.parseInt(inside)));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "\"[" + inside + "]\" is not an index in \"" + key + "\"");
          }
        }
        i = close + 1;
        expectField = false;
      } else if (c == '.') {
        if (expectField) {
          throw new IllegalArgumentException("empty field at position " + i + " in \"" + key + "\"");
        }
        i++;
        expectField = true;
        if (i == n) {
          throw new IllegalArgumentException("key \"" + key + "\" ends with '.'");
        }
      } else if (c == '"' || c == '\'') {
        int close = key.indexOf(c, i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed quote at position " + i + " in \"" + key + "\"");
        }
        out.add(new Field(key.substring(i + 1, close)));
        i = close + 1;
        expectField = false;
      } else {
        int end = i;
        while (end < n && key.charAt(end) != '.' && key.charAt(end) != '[') {
          end++;
        }
        String name = key.substring(i, end).trim();
        out.add(name.equals("*") ? new Wildcard() : new Field(name));
        i = end;
        expectField = false;
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty criteria key");
    }
    return new PayloadPath(List.copyOf(out));
  }

  /** The first segment's field name: {@code trigger}, {@code item} or {@code st2kv}. */
  String root() {
    return segments.getFirst() instanceof Field f ? f.name() : "*";
  }

  /** All values the path reaches in {@code context}, in document order. */
  List<Object> find(Map<String, Object> context) {
    List<Object> current = new ArrayList<>();
    current.add(context);
    for (Segment segment : segments) {
      List<Object> next = new ArrayList<>();
      for (Object value : current) {
        step(segment, value, next);
      }
      current = next;
      if (current.isEmpty()) {
        break;
      }
    }
    return current;
  }

  private static void step(Segment segment, Object value, List<Object> out) {
    switch (segment) {
      case Field f when value instanceof Map<?, ?> m -> {
        if (m.containsKey(f.name())) {
          out.add(m.get(f.name()));
        }
      }
      case Field f when value instanceof List<?> l -> {
        if (f.name().matches("-?\\d{1,9}")) {
          index(l, Integer.parseInt(f.name()), out);
        }
      }
      case Index ix when value instanceof List<?> l -> index(l, ix.index(), out);
      case Wildcard w when value instanceof Map<?, ?> m -> out.addAll(m.values());
      case Wildcard w when value instanceof List<?> l -> out.addAll(l);
      default -> { }
    }
  }

  private static void index(List<?> list, int index, List<Object> out) {
    int i = index < 0 ? list.size() + index : index;
    if (i >= 0 && i < list.size()) {
      out.add(list.get(i));
    }
  }
}
