package dev.squall.core.pack;

import dev.squall.core.action.Closest;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.ParameterSpecs;
import dev.squall.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks one parameter declaration (of an action or a pack config schema) and, for objects and
 * arrays, the declarations nested in {@code properties} and {@code items}.
 */
final class ParameterChecks {

  private ParameterChecks() {}

  static void check(YamlDocument doc, List<Object> path, Map<?, ?> decl, Problems problems) {
    String name = displayName(path);
    Object type = decl.get("type");
    boolean typeOk = checkType(doc, path, name, type, problems);
    for (String flag : List.of("immutable", "secret")) {
      Object v = decl.get(flag);
      if (v != null && !(v instanceof Boolean)) {
        problems.error(doc.file(), line(doc, path, flag), "parameter \"" + name + "\": \""
            + flag + "\" must be true or false, not " + Fields.describe(v));
      }
    }
    Object required = decl.get("required");
    // JSON schema's own form, a list of required property names, is valid on objects.
    boolean requiredList = required instanceof List<?> && "object".equals(type);
    if (required != null && !(required instanceof Boolean) && !requiredList) {
      problems.error(doc.file(), line(doc, path, "required"), "parameter \"" + name
          + "\": \"required\" must be true or false, not " + Fields.describe(required));
    }
    Object enumValues = decl.get("enum");
    if (enumValues != null && !(enumValues instanceof List<?>)) {
      problems.error(doc.file(), line(doc, path, "enum"), "parameter \"" + name
          + "\": \"enum\" must be a list of allowed values, not " + Fields.describe(enumValues));
    }
    Object position = decl.get("position");
    if (position != null && !(position instanceof Integer p && p >= 0)) {
      problems.error(doc.file(), line(doc, path, "position"), "parameter \"" + name
          + "\": \"position\" must be a whole number from 0, not " + Fields.describe(position));
    }
    Object dflt = decl.get("default");
    if (typeOk && type instanceof String t && dflt != null && !ParameterSchema.isTemplate(dflt)
        && !matches(dflt, t)) {
      // A warning only: StackStorm registers such actions, and real packs have them.
      problems.warning(doc.file(), line(doc, path, "default"), "parameter \"" + name
          + "\": default " + Fields.describe(dflt) + " is not of type '" + t + "'");
    }
    if (decl.get("properties") instanceof Map<?, ?> props) {
      props.forEach((k, v) -> {
        if (v instanceof Map<?, ?> d) {
          check(doc, append(path, "properties", k), d, problems);
        }
      });
    }
    if (decl.get("items") instanceof Map<?, ?> items) {
      check(doc, append(path, "items"), items, problems);
    }
  }

  private static boolean checkType(
      YamlDocument doc, List<Object> path, String name, Object type, Problems problems) {
    List<?> types = type instanceof List<?> l ? l : type == null ? List.of() : List.of(type);
    for (Object t : types) {
      if (!(t instanceof String s && ParameterSpecs.TYPES.contains(s))) {
        String hint = t instanceof String s
            ? Closest.nearest(s, ParameterSpecs.TYPES).map(c -> "; did you mean \"" + c + "\"?")
                .orElse("")
            : "";
        problems.error(doc.file(), line(doc, path, "type"), "parameter \"" + name
            + "\": invalid type " + (t instanceof String ? "\"" + t + "\"" : Fields.describe(t))
            + " (one of " + new java.util.TreeSet<>(ParameterSpecs.TYPES) + ")" + hint);
        return false;
      }
    }
    return true;
  }

  /** Whether a YAML value is an instance of a JSON-schema type. */
  static boolean matches(Object v, String type) {
    return switch (type) {
      case "string" -> v instanceof String;
      case "integer" -> v instanceof Integer || v instanceof Long
          || v instanceof java.math.BigInteger;
      case "number" -> v instanceof Number;
      case "boolean" -> v instanceof Boolean;
      case "array" -> v instanceof List<?>;
      case "object" -> v instanceof Map<?, ?>;
      case "null" -> v == null;
      default -> true;
    };
  }

  private static int line(YamlDocument doc, List<Object> path, String key) {
    return doc.lineOf(append(path, key).toArray());
  }

  private static List<Object> append(List<Object> path, Object... more) {
    List<Object> out = new ArrayList<>(path);
    out.addAll(List.of(more));
    return out;
  }

  /** "cmd", or "auth.token" for a nested property, or "hosts[]" for array items. */
  private static String displayName(List<Object> path) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      Object p = path.get(i);
      if (i == 0 && "parameters".equals(p)) {
        continue;
      }
      if ("properties".equals(p) && i + 1 < path.size()) {
        b.append('.').append(path.get(++i));
      } else if ("items".equals(p)) {
        b.append("[]");
      } else {
        b.append(b.length() == 0 ? "" : ".").append(p);
      }
    }
    return b.toString();
  }
}
