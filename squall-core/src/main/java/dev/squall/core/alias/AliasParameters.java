package dev.squall.core.alias;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.BadRequestException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What an alias execution does to parsed parameters before they reach the execution service:
 * {@code immutable_parameters} (spec §2.6), then StackStorm's alias casting (§2.5).
 *
 * <p>Rendering the Jinja templates in immutable values is not done here: callers pass a renderer
 * (the template component, with {@code st2kv} and the execution context), or
 * {@link UnaryOperator#identity()} to get the raw values.
 */
public final class AliasParameters {

  /** StackStorm's spelling of "null" inside a string parameter. */
  public static final String NONE_MAGIC = "%*****__%NONE%__*****%";

  private static final JsonMapper LENIENT_JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AliasParameters() {}

  /**
   * Parses, injects and casts: one map per execution, ready for the execution service.
   *
   * @param types parameter name to JSON-schema type, action parameters over runner parameters
   *     (see {@link #typesOf})
   */
  public static List<Map<String, Object>> prepare(
      AliasMatch match, Map<String, String> types, UnaryOperator<Object> render) {
    return prepare(match, types, Set.of(), render);
  }

  /** As above; a value of a parameter in {@code secrets} is never quoted in a cast error. */
  public static List<Map<String, Object>> prepare(AliasMatch match, Map<String, String> types,
      Set<String> secrets, UnaryOperator<Object> render) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> params : injectImmutable(match.alias(), match.parameterSets(), render)) {
      out.add(cast(params, types, secrets));
    }
    return List.copyOf(out);
  }

  /** The names of the parameters declared {@code secret}. */
  public static Set<String> secretsOf(Collection<ParameterSpec> specs) {
    return specs.stream().filter(ParameterSpec::secret).map(ParameterSpec::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Adds the alias's immutable parameters to every parameter set, after checking that the
   * command set none of them (positionally or as {@code key=value}).
   *
   * @throws BadRequestException {@code Immutable arguments cannot be overriden: k1,k2} (sic,
   *     StackStorm's spelling)
   */
  public static List<Map<String, Object>> injectImmutable(
      ActionAlias alias, List<? extends Map<String, ?>> parameterSets, UnaryOperator<Object> render) {
    Map<String, Object> immutable = alias.immutableParameters();
    Map<String, Object> rendered = new LinkedHashMap<>();
    if (!immutable.isEmpty()) {
      immutable.forEach((k, v) -> rendered.put(k, render.apply(v)));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, ?> params : parameterSets) {
      List<String> overridden = immutable.keySet().stream().filter(params::containsKey).toList();
      if (!overridden.isEmpty()) {
        throw new BadRequestException(
            "Immutable arguments cannot be overriden: " + String.join(",", overridden));
      }
      Map<String, Object> merged = new LinkedHashMap<>(params);
      merged.putAll(rendered);
      out.add(merged);
    }
    return out;
  }

  /** Parameter types as {@link #cast} takes them; parameters without a type are left out. */
  public static Map<String, String> typesOf(Collection<ParameterSpec> specs) {
    Map<String, String> types = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      if (spec.type() != null) {
        types.put(spec.name(), spec.type());
      }
    }
    return types;
  }

  /**
   * Casts each parameter that has a type; others pass through untouched. Arrays are split on
   * commas (JSON arrays are not parsed on this path), objects parsed as JSON or a Python-style
   * literal, booleans as Python's {@code literal_eval(x.capitalize())}.
   *
   * @throws BadRequestException {@code Failed to cast value "v" (type: str) for parameter "k" of
   *     type "integer": …. Perhaps the value is of an invalid type?}
   */
  public static Map<String, Object> cast(Map<String, ?> parameters, Map<String, String> types) {
    return cast(parameters, types, Set.of());
  }

  private static Map<String, Object> cast(Map<String, ?> parameters, Map<String, String> types,
      Set<String> secrets) {
    Map<String, Object> out = new LinkedHashMap<>();
    parameters.forEach((name, value) -> {
      String type = types.get(name);
      if (type == null) {
        out.put(name, value);
        return;
      }
      if (NONE_MAGIC.equals(value)) {
        out.put(name, null);
        return;
      }
      try {
        out.put(name, castOne(value, type));
      } catch (IllegalArgumentException e) {
        if (secrets.contains(name)) {
          // A secret typed into the wrong place must not come back in the reply.
          throw new BadRequestException("Failed to cast the value of secret parameter \"" + name
              + "\" (not shown) to type \"" + type + "\". Perhaps the value is of an invalid type?");
        }
        throw new BadRequestException("Failed to cast value \"" + value + "\" (type: "
            + pythonType(value) + ") for parameter \"" + name + "\" of type \"" + type + "\": "
            + e.getMessage() + ". Perhaps the value is of an invalid type?");
      }
    });
    return out;
  }

  private static Object castOne(Object value, String type) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case "array" -> value instanceof List<?> ? value : splitList(String.valueOf(value));
      case "object" -> value instanceof String s ? parseObject(s) : value;
      case "integer" -> value instanceof String s ? parseInt(s) : value;
      case "number" -> value instanceof String s ? parseFloat(s) : value;
      case "boolean" -> value instanceof String s ? parseBoolean(s) : value;
      case "string" -> {
        if (!(value instanceof String)) {
          throw new IllegalArgumentException("Value \"" + value
              + "\" must either be a string or None. Got \"" + pythonType(value) + "\".");
        }
        yield value;
      }
      default -> value;
    };
  }

  private static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      items.add(item.strip());
    }
    return List.copyOf(items);
  }

  private static Object parseObject(String value) {
    try {
      return JSON.readValue(value, Object.class);
    } catch (JsonProcessingException e) {
      try {
        return LENIENT_JSON.readValue(pythonLiteralsToJson(value), Object.class);
      } catch (JsonProcessingException again) {
        throw new IllegalArgumentException("malformed node or string: " + value);
      }
    }
  }

  /** Python's True/False/None outside of quotes, spelled as JSON. */
  private static String pythonLiteralsToJson(String value) {
    StringBuilder out = new StringBuilder(value.length());
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote != 0) {
        out.append(c);
        if (c == '\\' && i + 1 < value.length()) {
          out.append(value.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        out.append(c);
      } else if (value.startsWith("True", i)) {
        out.append("true");
        i += 3;
      } else if (value.startsWith("False", i)) {
        out.append("false");
        i += 4;
      } else if (value.startsWith("None", i)) {
        out.append("null");
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Python {@code int(x)}: surrounding whitespace, a sign and digit underscores allowed. */
  private static Object parseInt(String value) {
    String text = value.strip();
    if (!text.matches("[+-]?\\d+(_\\d+)*")) {
      throw new IllegalArgumentException(
          "invalid literal for int() with base 10: '" + value + "'");
    }
    BigInteger n = new BigInteger(text.replace("_", "").replace("+", ""));
    if (n.bitLength() < 32) {
      return n.intValue();
    }
    return n.bitLength() < 64 ? (Object) n.longValue() : n;
  }

  /** Python {@code float(x)}. */
  private static Object parseFloat(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT).replace("_", "");
    String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    double sign = text.startsWith("-") ? -1 : 1;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
      throw new IllegalArgumentException("could not convert string to float: '" + value + "'");
    }
    return Double.parseDouble(text);
  }

  /** Python {@code ast.literal_eval(x.capitalize())}: "true", "TRUE", "True" are True. */
  private static Object parseBoolean(String value) {
    String capitalized = value.isEmpty() ? value
        : value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1).toLowerCase(Locale.ROOT);
    return switch (capitalized.strip()) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("malformed node or string: '" + value + "'");
    };
  }

  private static String pythonType(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return "int";
    }
    if (value instanceof Number) {
      return "float";
    }
    if (value instanceof List<?>) {
      return "list";
    }
    if (value instanceof Map<?, ?>) {
      return "dict";
    }
    return value.getClass().getSimpleName();
  }
}
