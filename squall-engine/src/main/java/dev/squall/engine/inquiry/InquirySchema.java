package dev.squall.engine.inquiry;

import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.action.ParameterSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inquiry's response schema (a JSON schema of an object), read into the parameter schema that
 * validates actions' parameters, so that a response is checked, cast and given its defaults the
 * way parameters are, with errors that name the field. Both ways of saying a property is required
 * count: draft 3's {@code required: true} on the property (StackStorm's default schema) and
 * draft 4's {@code required: [names]} on the object.
 */
public final class InquirySchema {

  /** The runner's default: one boolean, {@code continue}. */
  public static final Map<String, Object> DEFAULT = Map.of("title", "response_data", "type", "object",
      "properties", Map.of("continue", Map.of("type", "boolean", "description",
          "Would you like to continue the workflow?", "required", true)));

  private final Map<String, ParameterSpec> fields;

  private InquirySchema(Map<String, ParameterSpec> fields) {
    this.fields = fields;
  }

  /** The schema of a stored inquiry (its result's {@code schema}). */
  @SuppressWarnings("unchecked")
  public static InquirySchema of(Object schema) {
    Map<String, Object> s = schema instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    List<?> required = s.get("required") instanceof List<?> l ? l : List.of();
    Map<String, Object> props = new LinkedHashMap<>();
    if (s.get("properties") instanceof Map<?, ?> ps) {
      ps.forEach((k, v) -> {
        Map<String, Object> decl = v instanceof Map<?, ?> dm
            ? new LinkedHashMap<>((Map<String, Object>) dm) : new LinkedHashMap<>();
        if (required.contains(String.valueOf(k))) {
          decl.put("required", true);
        }
        props.put(String.valueOf(k), decl);
      });
    }
    return new InquirySchema(ParameterSpecs.ofAll(props));
  }

  /** The fields asked, in the schema's order. */
  public Map<String, ParameterSpec> fields() {
    return fields;
  }

  /**
   * The response checked against the schema, cast ({@code "true"} typed in chat is a boolean) and
   * with defaults filled in.
   *
   * @throws dev.squall.core.error.BadRequestException naming every offending field
   */
  public Map<String, Object> validate(Map<String, Object> response) {
    return ParameterSchema.of(fields).validateAndCast(response);
  }

  /** The one boolean field of a yes/no question ({@code !approve}/{@code !deny}), or null. */
  public String singleBoolean() {
    if (fields.size() != 1) {
      return null;
    }
    ParameterSpec only = fields.values().iterator().next();
    return "boolean".equals(only.type()) ? only.name() : null;
  }
}
