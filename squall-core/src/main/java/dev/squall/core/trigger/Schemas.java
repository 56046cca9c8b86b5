package dev.squall.core.trigger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Literal JSON-schema building, keeping key order as StackStorm writes it. */
final class Schemas {

  private Schemas() {}

  static Map<String, Object> obj(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** {@code {"type": "object", "properties": {name: {}, ...}}}: untyped payload fields. */
  static Map<String, Object> untypedObject(String... properties) {
    Map<String, Object> props = new LinkedHashMap<>();
    for (String p : properties) {
      props.put(p, Map.of());
    }
    return obj("type", "object", "properties", Collections.unmodifiableMap(props));
  }

  /** A cron field: an integer or an APScheduler expression string, with the integer bounds. */
  static Map<String, Object> cronField(Integer min, Integer max) {
    Object anyOf = List.of(Map.of("type", "string"), Map.of("type", "integer"));
    return min == null ? obj("anyOf", anyOf) : obj("anyOf", anyOf, "minimum", min, "maximum", max);
  }
}
