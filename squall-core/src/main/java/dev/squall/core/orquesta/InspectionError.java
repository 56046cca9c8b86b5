package dev.squall.core.orquesta;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One problem {@code spec.inspect()} reports, in orquesta's shape. {@code category} is one of
 * syntax, semantics, expressions, context; {@code type} and {@code expression} are set for
 * expression and context errors ("yaql"/"jinja").
 *
 * @param line 1-based line of {@code specPath} in the definition (the nearest ancestor's if the
 *     path itself has none)
 */
public record InspectionError(String category, String type, String expression, String message,
    String specPath, String schemaPath, int line) {

  /** The entry as orquesta prints it (without category and line). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (type != null || expression != null) {
      m.put("type", type);
      m.put("expression", expression);
    }
    m.put("message", message);
    m.put("spec_path", specPath);
    m.put("schema_path", schemaPath);
    return m;
  }

  InspectionError withLine(int line) {
    return new InspectionError(category, type, expression, message, specPath, schemaPath, line);
  }
}
