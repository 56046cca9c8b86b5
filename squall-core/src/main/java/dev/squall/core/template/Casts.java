package dev.squall.core.template;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * StackStorm's casts of a rendered parameter to its declared type ({@code st2common/util/casts.py}):
 * rendering produces text, the type says what the text means. Values that are already of the
 * right kind pass through.
 */
final class Casts {

  private Casts() {}

  static Object cast(Object value, String type) {
    if (StackStormFilters.NONE_MAGIC_VALUE.equals(value)) {
      return null;
    }
    if (value == null || type == null) {
      return value;
    }
    return switch (type) {
      case "string" -> value instanceof String ? value : TemplateText.str(value);
      case "integer" -> toInteger(value);
      case "number" -> toNumber(value);
      case "boolean" -> toBoolean(value);
      case "array", "object" -> toComplex(value);
      default -> value;
    };
  }

  private static Object toInteger(Object value) {
    if (value instanceof Number n && !(value instanceof Double || value instanceof Float
        || value instanceof BigDecimal)) {
      return n.longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    try {
      return Long.parseLong(TemplateText.str(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(TemplateText.repr(value) + " is not an integer");
    }
  }

  private static Object toNumber(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(TemplateText.str(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(TemplateText.repr(value) + " is not a number");
    }
  }

  private static Object toBoolean(Object value) {
    if (value instanceof Boolean) {
      return value;
    }
    return switch (TemplateText.str(value).strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(TemplateText.repr(value) + " is not a boolean");
    };
  }

  private static Object toComplex(Object value) {
    if (!(value instanceof String text)) {
      return value;
    }
    try {
      return PyJson.loads(text);
    } catch (IllegalArgumentException notJson) {
      try {
        return PyLiteral.parse(text);
      } catch (RuntimeException notLiteral) {
        throw new IllegalArgumentException(
            TemplateText.repr(value) + " is neither JSON nor a Python literal");
      }
    }
  }
}
