package dev.squall.core.action;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns StackStorm's JSON-schema-like parameter declarations into {@link ParameterSpec}s. Lenient
 * the way StackStorm is: a value of the wrong shape is ignored here; pack validation reports it.
 */
public final class ParameterSpecs {

  /** The JSON-schema types StackStorm accepts for a parameter. */
  public static final Set<String> TYPES =
      Set.of("string", "integer", "number", "boolean", "array", "object", "null");

  private ParameterSpecs() {}

  /** One parameter from its declaration map (null or a non-map gives an untyped parameter). */
  @SuppressWarnings("unchecked")
  public static ParameterSpec of(String name, Object declaration) {
    Map<String, Object> d = declaration instanceof Map<?, ?> m
        ? Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) m))
        : Map.of();
    Object type = d.get("type");
    Object position = d.get("position");
    return new ParameterSpec(
        name,
        type instanceof String s ? s : null,
        Boolean.TRUE.equals(d.get("required")),
        d.get("default"),
        d.get("enum") instanceof List<?> l ? (List<Object>) l : null,
        Boolean.TRUE.equals(d.get("immutable")),
        Boolean.TRUE.equals(d.get("secret")),
        position instanceof Number n ? n.intValue() : null,
        d.get("description") instanceof String s ? s : null,
        d);
  }

  /** Every entry of a {@code parameters:} map, in order. */
  public static Map<String, ParameterSpec> ofAll(Object parameters) {
    Map<String, ParameterSpec> out = new LinkedHashMap<>();
    if (parameters instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), of(String.valueOf(k), v)));
    }
    return Collections.unmodifiableMap(out);
  }
}
