package dev.squall.core.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.python.PythonRepr;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Casts one value to a parameter's declared JSON-schema type, accepting what StackStorm's clients
 * accept from a command line or chat (strings), and otherwise what its JSON-schema validation
 * accepts. A value that fits nowhere yields jsonschema's message, e.g.
 * {@code 'abc' is not of type 'integer'}.
 */
final class Casts {

  /** StackStorm's stand-in for "explicitly no value" in chat parameters. */
  static final String NONE_MAGIC = "%*****__%NONE%__*****%";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TRUE = Set.of("true", "yes", "y", "1", "on");
  private static final Set<String> FALSE = Set.of("false", "no", "n", "0", "off");

  private Casts() {}

  /** The cast value; a {@link CastFailure} carries the message when the value does not fit. */
  static Object cast(Object value, String type) throws CastFailure {
    if (NONE_MAGIC.equals(value)) {
      return null;
    }
    if (type == null || value == null) {
      return value;
    }
    Object out = switch (type) {
      case "string" -> value instanceof String ? value : null;
      case "integer" -> integer(value);
      case "number" -> number(value);
      case "boolean" -> bool(value);
      case "array" -> array(value);
      case "object" -> object(value);
      case "null" -> null;
      default -> value;
    };
    if (out == null) {
      throw new CastFailure(PythonRepr.repr(value) + " is not of type " + PythonRepr.repr(type));
    }
    return out;
  }

  private static Object integer(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
      return v;
    }
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return narrow(d.longValue());
    }
    if (v instanceof String s) {
      try {
        return narrow(Long.parseLong(s.strip()));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Object number(Object v) {
    if (v instanceof Number) {
      return v;
    }
    if (v instanceof String s) {
      try {
        String t = s.strip();
        return t.matches("[+-]?\\d+") ? narrow(Long.parseLong(t)) : new BigDecimal(t).doubleValue();
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Object bool(Object v) {
    if (v instanceof Boolean) {
      return v;
    }
    String s = v instanceof String str ? str.strip().toLowerCase(Locale.ROOT)
        : v instanceof Integer || v instanceof Long ? v.toString() : null;
    if (s == null) {
      return null;
    }
    return TRUE.contains(s) ? Boolean.TRUE : FALSE.contains(s) ? Boolean.FALSE : null;
  }

  private static Object array(Object v) {
    if (v instanceof List<?>) {
      return v;
    }
    if (!(v instanceof String s)) {
      return null;
    }
    String t = s.strip();
    if (t.startsWith("[")) {
      return parseJson(t, List.class).orElse(null);
    }
    List<Object> items = new ArrayList<>();
    if (!t.isEmpty()) {
      for (String item : t.split(",")) {
        items.add(item.strip());
      }
    }
    return List.copyOf(items);
  }

  private static Object object(Object v) {
    if (v instanceof Map<?, ?>) {
      return v;
    }
    return v instanceof String s ? parseJson(s.strip(), Map.class).orElse(null) : null;
  }

  private static <T> Optional<T> parseJson(String text, Class<T> type) {
    try {
      return Optional.ofNullable(JSON.readValue(text, type));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static Object narrow(long l) {
    return l == (int) l ? (Object) (int) l : (Object) l;
  }

  static final class CastFailure extends Exception {
    CastFailure(String message) {
      super(message, null, false, false);
    }
  }
}
