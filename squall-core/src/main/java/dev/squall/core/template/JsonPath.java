package dev.squall.core.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The part of JSONPath that {@code jsonpath_query} templates use: {@code $}, {@code .name},
 * {@code ['name']}, {@code [index]}, {@code [*]}, {@code .*} and recursive {@code ..name}. Like
 * StackStorm's filter it returns the list of matches, or None when nothing matches.
 */
final class JsonPath {

  private JsonPath() {}

  static Object query(Object value, String path) {
    List<Object> current = new ArrayList<>();
    current.add(value);
    String p = path.strip();
    int i = p.startsWith("$") ? 1 : 0;
    if (i == 0 && !p.isEmpty() && p.charAt(0) != '.' && p.charAt(0) != '[') {
      p = "." + p;
    }
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.' && i + 1 < p.length() && p.charAt(i + 1) == '.') {
        int end = nameEnd(p, i + 2);
        String name = p.substring(i + 2, end);
        List<Object> found = new ArrayList<>();
        current.forEach(v -> descend(v, name, found));
        current = found;
        i = end;
      } else if (c == '.') {
        int end = nameEnd(p, i + 1);
        current = step(current, p.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int end = p.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("jsonpath_query: missing ] in " + path);
        }
        String inner = p.substring(i + 1, end).strip();
        if (inner.length() >= 2 && (inner.startsWith("'") || inner.startsWith("\""))) {
          inner = inner.substring(1, inner.length() - 1);
        }
        current = step(current, inner);
        i = end + 1;
      } else {
        throw new IllegalArgumentException("jsonpath_query: unexpected '" + c + "' in " + path);
      }
    }
    return current.isEmpty() ? null : current;
  }

  private static int nameEnd(String p, int from) {
    int end = from;
    while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
      end++;
    }
    return end;
  }

  private static List<Object> step(List<Object> values, String selector) {
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      if (selector.equals("*")) {
        if (v instanceof Map<?, ?> m) {
          out.addAll(m.values());
        } else if (v instanceof Collection<?> c) {
          out.addAll(c);
        }
      } else if (v instanceof Map<?, ?> m && m.containsKey(selector)) {
        out.add(m.get(selector));
      } else if (v instanceof List<?> list && selector.matches("-?\\d+")) {
        int index = Integer.parseInt(selector);
        index = index < 0 ? list.size() + index : index;
        if (index >= 0 && index < list.size()) {
          out.add(list.get(index));
        }
      }
    }
    return out;
  }

  private static void descend(Object v, String name, List<Object> found) {
    if (v instanceof Map<?, ?> m) {
      if (m.containsKey(name)) {
        found.add(m.get(name));
      }
      m.values().forEach(child -> descend(child, name, found));
    } else if (v instanceof Collection<?> c) {
      c.forEach(child -> descend(child, name, found));
    }
  }
}
