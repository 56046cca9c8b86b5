package dev.squall.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's JSON object body, with typed accessors whose errors name the field, in StackStorm's
 * words where it has them. Unknown fields are rejected, so a typo in a client is noticed.
 */
public final class Body {

  private final Map<String, Object> fields;

  private Body(Map<String, Object> fields) {
    this.fields = fields;
  }

  @SuppressWarnings("unchecked")
  public static Body parse(ObjectMapper json, String text, Set<String> allowed) {
    Object parsed;
    if (text == null || text.isBlank()) {
      parsed = Map.of();
    } else {
      try {
        parsed = json.readValue(text, Object.class);
      } catch (StreamConstraintsException e) {
        throw new BadRequestException("Request body nests deeper than " + Json.MAX_DEPTH + " levels");
      } catch (JsonProcessingException e) {
        throw new BadRequestException("Request body is not valid JSON: " + e.getOriginalMessage());
      }
    }
    if (!(parsed instanceof Map)) {
      throw new BadRequestException("Request body must be a JSON object");
    }
    Map<String, Object> map = (Map<String, Object>) parsed;
    if (allowed != null) {
      Set<String> unknown = new TreeSet<>(map.keySet());
      unknown.removeAll(allowed);
      if (!unknown.isEmpty()) {
        throw new BadRequestException("Additional properties are not allowed ("
            + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList())
            + (unknown.size() == 1 ? " was" : " were") + " unexpected)");
      }
    }
    return new Body(map);
  }

  public Map<String, Object> asMap() {
    return fields;
  }

  public boolean has(String name) {
    return fields.get(name) != null;
  }

  public String string(String name, boolean required) {
    Object v = fields.get(name);
    if (v == null) {
      if (required) {
        throw new BadRequestException("'" + name + "' is a required property");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new BadRequestException(describe(v) + " is not of type 'string' (field '" + name + "')");
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> object(String name) {
    Object v = fields.get(name);
    if (v == null) {
      return new LinkedHashMap<>();
    }
    if (!(v instanceof Map)) {
      throw new BadRequestException(describe(v) + " is not of type 'object' (field '" + name + "')");
    }
    return new LinkedHashMap<>((Map<String, Object>) v);
  }

  public Integer integer(String name) {
    Object v = fields.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new BadRequestException(describe(v) + " is not of type 'integer' (field '" + name + "')");
    }
    return ((Number) v).intValue();
  }

  public Boolean bool(String name) {
    Object v = fields.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Boolean b)) {
      throw new BadRequestException(describe(v) + " is not of type 'boolean' (field '" + name + "')");
    }
    return b;
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String name) {
    Object v = fields.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw new BadRequestException(describe(v) + " is not of type 'array' (field '" + name + "')");
    }
    return (List<Object>) v;
  }

  private static String describe(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
