package dev.squall.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.objects.SafeString;
import dev.squall.core.python.PythonRepr;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps}, byte for byte: StackStorm's filters ({@code to_json_string}, {@code
 * to_complex}, {@code json_escape}) are defined by it, and their output ends up in commands and
 * chat messages that users compare against StackStorm's. Covers {@code indent}, {@code
 * separators}, {@code sort_keys} and the default {@code ensure_ascii=True}.
 */
final class PyJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PyJson() {}

  /** {@code json.dumps(value)}: no indent, separators {@code ', '} and {@code ': '}. */
  static String dumps(Object value) {
    return dumps(value, null, ", ", ": ", false);
  }

  static String dumps(Object value, Integer indent, String itemSep, String keySep, boolean sortKeys) {
    StringBuilder out = new StringBuilder();
    write(out, value, indent, itemSep, keySep, sortKeys, 0);
    return out.toString();
  }

  /** {@code json.loads}: JSON text to maps, lists, strings, numbers, booleans, null. */
  static Object loads(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void write(
      StringBuilder out, Object value, Integer indent, String itemSep, String keySep,
      boolean sortKeys, int depth) {
    switch (value) {
      case null -> out.append("null");
      case Boolean b -> out.append(b ? "true" : "false");
      case Double d -> out.append(jsonFloat(d));
      case Float f -> out.append(jsonFloat(f.doubleValue()));
      case BigDecimal bd -> out.append(jsonFloat(bd.doubleValue()));
      case Number n -> out.append(n);
      case Map<?, ?> map -> {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (sortKeys) {
          entries.sort(Comparator.comparing(e -> String.valueOf(e.getKey())));
        }
        writeContainer(out, '{', '}', entries, indent, itemSep, depth, (e, d) -> {
          writeString(out, keyText(e.getKey()));
          out.append(keySep);
          write(out, e.getValue(), indent, itemSep, keySep, sortKeys, d);
        });
      }
      case Collection<?> items -> writeContainer(out, '[', ']', new ArrayList<>(items), indent,
          itemSep, depth, (item, d) -> write(out, item, indent, itemSep, keySep, sortKeys, d));
      case Object[] items -> write(out, List.of(items), indent, itemSep, keySep, sortKeys, depth);
      case SafeString s -> writeString(out, s.getValue());
      default -> writeString(out, TemplateText.str(value));
    }
  }

  private interface ItemWriter<T> {
    void write(T item, int depth);
  }

  private static <T> void writeContainer(
      StringBuilder out, char open, char close, List<T> items, Integer indent, String itemSep,
      int depth, ItemWriter<T> writer) {
    out.append(open);
    if (items.isEmpty()) {
      out.append(close);
      return;
    }
    // With an indent, Python drops the trailing space of the item separator at line ends.
    String separator = indent == null ? itemSep : itemSep.stripTrailing();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(separator);
      }
      if (indent != null) {
        out.append('\n').append(" ".repeat(indent * (depth + 1)));
      }
      writer.write(items.get(i), depth + 1);
    }
    if (indent != null) {
      out.append('\n').append(" ".repeat(indent * depth));
    }
    out.append(close);
  }

  private static String keyText(Object key) {
    return switch (key) {
      case null -> "null";
      case Boolean b -> b ? "true" : "false";
      default -> TemplateText.str(key);
    };
  }

  private static String jsonFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return PythonRepr.floatRepr(d);
  }

  /** A JSON string literal with Python's escapes and {@code ensure_ascii}. */
  static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
