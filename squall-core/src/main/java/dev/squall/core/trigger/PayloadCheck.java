package dev.squall.core.trigger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a trigger payload against its type's {@code payload_schema}, as StackStorm does before a
 * sensor's dispatch reaches the rules: the JSON-schema keywords pack trigger types use
 * ({@code type}, {@code properties}, {@code required} as a list or draft-3 {@code required: true},
 * {@code additionalProperties}, {@code items}, {@code enum}). Unknown keywords are not checked.
 */
public final class PayloadCheck {

  private PayloadCheck() {}

  /** What is wrong with {@code payload}, one message per fault with its path; empty when valid. */
  public static List<String> violations(Map<String, Object> schema, Object payload) {
    List<String> out = new ArrayList<>();
    check(schema, payload, "payload", out);
    return out;
  }

  private static void check(Map<?, ?> schema, Object value, String path, List<String> out) {
    if (schema == null || schema.isEmpty()) {
      return;
    }
    Object type = schema.get("type");
    if (type != null && !typeMatches(type, value)) {
      out.add(path + " must be " + type + ", not " + describe(value));
      return;
    }
    if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)
        && allowed.stream().noneMatch(a -> sameNumber(a, value))) {
      out.add(path + " must be one of " + allowed + ", not " + describe(value));
    }
    if (value instanceof Map<?, ?> object) {
      Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
      if (schema.get("required") instanceof List<?> required) {
        for (Object name : required) {
          if (!object.containsKey(name)) {
            out.add(path + "." + name + " is required");
          }
        }
      }
      properties.forEach((name, sub) -> {
        if (sub instanceof Map<?, ?> s) {
          if (Boolean.TRUE.equals(s.get("required")) && !object.containsKey(name)) {
            out.add(path + "." + name + " is required");
          }
          if (object.containsKey(name)) {
            check(s, object.get(name), path + "." + name, out);
          }
        }
      });
      Object additional = schema.get("additionalProperties");
      for (Map.Entry<?, ?> e : object.entrySet()) {
        if (properties.containsKey(e.getKey())) {
          continue;
        }
        if (Boolean.FALSE.equals(additional)) {
          out.add(path + "." + e.getKey() + " is not allowed (additionalProperties is false)");
        } else if (additional instanceof Map<?, ?> s) {
          check(s, e.getValue(), path + "." + e.getKey(), out);
        }
      }
    }
    if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < list.size(); i++) {
        check(items, list.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private static boolean typeMatches(Object type, Object value) {
    if (type instanceof List<?> types) {
      return types.stream().anyMatch(t -> typeMatches(t, value));
    }
    return switch (String.valueOf(type)) {
      case "object" -> value instanceof Map<?, ?>;
      case "array" -> value instanceof List<?>;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "null" -> value == null;
      case "integer" -> isInteger(value);
      case "number" -> value instanceof Number;
      default -> true; // "any" and unknown types, as draft 3 allowed
    };
  }

  private static boolean isInteger(Object value) {
    return switch (value) {
      case Integer i -> true;
      case Long l -> true;
      case Short s -> true;
      case Byte b -> true;
      case BigInteger b -> true;
      case Double d -> d == Math.rint(d) && !d.isInfinite();
      case Float f -> f == Math.rint(f) && !f.isInfinite();
      case BigDecimal d -> d.stripTrailingZeros().scale() <= 0;
      case null, default -> false;
    };
  }

  private static boolean sameNumber(Object a, Object b) {
    return a instanceof Number x && b instanceof Number y
        && new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
  }

  private static String describe(Object v) {
    return switch (v) {
      case null -> "null";
      case Map<?, ?> m -> "an object";
      case List<?> l -> "an array";
      case String s -> "the string \"" + s + "\"";
      default -> v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
    };
  }
}
