package dev.squall.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of JSON Schema that StackStorm's Swagger 2.0 spec uses for its responses: {@code $ref}
 * into {@code definitions}, {@code type} (one or a list), {@code properties}, {@code required},
 * {@code items}, {@code additionalProperties}, {@code enum}, {@code pattern} and the
 * {@code allOf}/{@code anyOf}/{@code oneOf} combinations. Problems come back as JSON pointers with
 * what was wrong, so a failing conformance check says where.
 */
final class SpecSchema {

  private final JsonNode definitions;

  SpecSchema(JsonNode spec) {
    this.definitions = spec.path("definitions");
  }

  List<String> problems(JsonNode value, JsonNode schema) {
    List<String> out = new ArrayList<>();
    check(value, schema, "", out, 0);
    return out;
  }

  private void check(JsonNode v, JsonNode s, String at, List<String> out, int depth) {
    if (s == null || s.isMissingNode() || depth > 50) {
      return;
    }
    if (s.has("$ref")) {
      String ref = s.get("$ref").asText();
      JsonNode target = definitions.path(ref.substring(ref.lastIndexOf('/') + 1));
      if (target.isMissingNode()) {
        out.add(at + ": unknown $ref " + ref);
        return;
      }
      check(v, target, at, out, depth + 1);
      return;
    }
    if (s.has("type") && !typeMatches(v, s.get("type"))) {
      out.add((at.isEmpty() ? "/" : at) + ": " + kind(v) + " where the spec wants " + s.get("type"));
      return;
    }
    if (s.has("enum") && v.isValueNode()) {
      boolean listed = false;
      for (JsonNode e : s.get("enum")) {
        listed |= e.equals(v) || e.asText().equals(v.asText());
      }
      if (!listed) {
        out.add(at + ": " + v + " is not one of " + s.get("enum"));
      }
    }
    if (s.has("pattern") && v.isTextual() && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
      out.add(at + ": \"" + v.asText() + "\" does not match " + s.get("pattern").asText());
    }
    if (v.isObject()) {
      for (JsonNode r : s.path("required")) {
        if (!v.has(r.asText())) {
          out.add(at + ": required \"" + r.asText() + "\" is missing");
        }
      }
      JsonNode props = s.path("properties");
      v.fields().forEachRemaining(f -> {
        if (props.has(f.getKey())) {
          check(f.getValue(), props.get(f.getKey()), at + "/" + f.getKey(), out, depth + 1);
        } else if (s.path("additionalProperties").isBoolean() && !s.get("additionalProperties").asBoolean()) {
          out.add(at + ": \"" + f.getKey() + "\" is not allowed here");
        } else if (s.path("additionalProperties").isObject()) {
          check(f.getValue(), s.get("additionalProperties"), at + "/" + f.getKey(), out, depth + 1);
        }
      });
    }
    if (v.isArray() && s.has("items")) {
      for (int i = 0; i < v.size(); i++) {
        check(v.get(i), s.get("items"), at + "/" + i, out, depth + 1);
      }
    }
    for (JsonNode sub : s.path("allOf")) {
      check(v, sub, at, out, depth + 1);
    }
    for (String any : List.of("anyOf", "oneOf")) {
      if (s.has(any)) {
        boolean one = false;
        for (JsonNode sub : s.get(any)) {
          one |= problems(v, sub).isEmpty();
        }
        if (!one) {
          out.add(at + ": matches none of " + any);
        }
      }
    }
  }

  private static boolean typeMatches(JsonNode v, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(v, t)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> true;
    };
  }

  private static String kind(JsonNode v) {
    return v.isObject() ? "an object" : v.isArray() ? "an array" : v.isTextual() ? "a string"
        : v.isNumber() ? "a number" : v.isBoolean() ? "a boolean" : v.isNull() ? "null" : v.getNodeType().toString();
  }
}
