package dev.squall.core.action;

import java.util.List;
import java.util.Map;

/**
 * One parameter of an action or a runner, as StackStorm's metadata declares it (a JSON-schema-like
 * map). {@code type} is one of string, integer, number, boolean, array, object, null, or absent
 * (null here) when the metadata leaves it open. {@code schema} keeps the whole declaration, so that
 * nested keys (items, properties, minimum…) stay available to validation.
 */
public record ParameterSpec(
    String name,
    String type,
    boolean required,
    Object defaultValue,
    List<Object> enumValues,
    boolean immutable,
    boolean secret,
    Integer position,
    String description,
    Map<String, Object> schema) {

  public ParameterSpec {
    // not List.copyOf: JSON schema allows null among the enum values
    enumValues = enumValues == null ? null
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(enumValues));
    schema = schema == null ? Map.of() : schema;
  }

  public boolean hasDefault() {
    return schema.containsKey("default");
  }
}
