package dev.squall.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadCheckTest {

  private static final Map<String, Object> SCHEMA = Map.of("type", "object",
      "required", List.of("id"),
      "properties", Map.of(
          "id", Map.of("type", "integer"),
          "name", Map.of("type", "string", "required", true),
          "level", Map.of("enum", List.of("info", "error")),
          "tags", Map.of("type", "array", "items", Map.of("type", "string"))),
      "additionalProperties", false);

  @Test
  void aPayloadThatFitsHasNoViolations() {
    assertThat(PayloadCheck.violations(SCHEMA, Map.of("id", 3, "name", "x", "level", "info",
        "tags", List.of("a", "b")))).isEmpty();
    assertThat(PayloadCheck.violations(SCHEMA, Map.of("id", 3.0, "name", "x"))).isEmpty();
  }

  @Test
  void namesEveryFaultWithItsPath() {
    assertThat(PayloadCheck.violations(SCHEMA, Map.of("id", "three", "level", "debug",
        "tags", List.of("a", 1), "extra", true))).containsExactlyInAnyOrder(
        "payload.id must be integer, not the string \"three\"",
        "payload.name is required",
        "payload.level must be one of [info, error], not the string \"debug\"",
        "payload.tags[1] must be string, not integer 1",
        "payload.extra is not allowed (additionalProperties is false)");
    assertThat(PayloadCheck.violations(SCHEMA, Map.of("name", "x")))
        .containsExactly("payload.id is required");
  }

  @Test
  void anEmptySchemaOrAListOfTypesAcceptsWhatItSays() {
    assertThat(PayloadCheck.violations(Map.of(), Map.of("any", "thing"))).isEmpty();
    Map<String, Object> nullable = Map.of("type", "object", "properties",
        Map.of("v", Map.of("type", List.of("string", "null"))));
    java.util.Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("v", null);
    assertThat(PayloadCheck.violations(nullable, withNull)).isEmpty();
    assertThat(PayloadCheck.violations(nullable, Map.of("v", 1))).hasSize(1);
  }
}
