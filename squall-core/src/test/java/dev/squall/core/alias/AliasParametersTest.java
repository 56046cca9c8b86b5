package dev.squall.core.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.BadRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AliasParametersTest {

  private static Map<String, Object> cast(String type, Object value) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("p", value);
    return AliasParameters.cast(params, Map.of("p", type));
  }

  @Test
  void splitsArraysOnCommasAndKeepsLists() {
    assertThat(cast("array", "value2, value3")).containsEntry("p", List.of("value2", "value3"));
    assertThat(cast("array", "st2")).containsEntry("p", List.of("st2"));
    assertThat(cast("array", "[1, 2]")).containsEntry("p", List.of("[1", "2]"));
    assertThat(cast("array", List.of(Map.of("k", "v")))).containsEntry("p", List.of(Map.of("k", "v")));
  }

  @Test
  void parsesObjectsAsJsonOrPythonLiterals() {
    assertThat(cast("object", "{\"a\": 1}")).containsEntry("p", Map.of("a", 1));
    assertThat(cast("object", "{'a': 'b', 'c': True}"))
        .containsEntry("p", Map.of("a", "b", "c", true));
    assertThatThrownBy(() -> cast("object", "{nope"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("Failed to cast value \"{nope\" (type: str) for parameter \"p\" "
            + "of type \"object\": ")
        .hasMessageEndingWith(". Perhaps the value is of an invalid type?");
  }

  @Test
  void castsNumbersLikePython() {
    assertThat(cast("integer", " 3 ")).containsEntry("p", 3);
    assertThat(cast("integer", "12345678901")).containsEntry("p", 12345678901L);
    assertThat(cast("number", "2.5")).containsEntry("p", 2.5);
    assertThat(cast("number", "1e3")).containsEntry("p", 1000.0);
    assertThatThrownBy(() -> cast("integer", "3.5"))
        .hasMessage("Failed to cast value \"3.5\" (type: str) for parameter \"p\" of type "
            + "\"integer\": invalid literal for int() with base 10: '3.5'. Perhaps the value is "
            + "of an invalid type?");
  }

  @Test
  void castsBooleansByCapitalizing() {
    assertThat(cast("boolean", "true")).containsEntry("p", true);
    assertThat(cast("boolean", "FALSE")).containsEntry("p", false);
    assertThatThrownBy(() -> cast("boolean", "yes")).isInstanceOf(BadRequestException.class);
  }

  @Test
  void noneMagicBecomesNullAndUntypedParametersPassThrough() {
    assertThat(cast("string", AliasParameters.NONE_MAGIC)).containsEntry("p", null);
    Map<String, Object> out = AliasParameters.cast(Map.of("free", "1"), Map.of());
    assertThat(out).containsEntry("free", "1");
  }

  @Test
  void takesTypesFromParameterSpecs() {
    ParameterSpec count = new ParameterSpec("count", "integer", false, null, null, false, false,
        null, null, null);
    ParameterSpec any = new ParameterSpec("any", null, false, null, null, false, false, null,
        null, null);
    assertThat(AliasParameters.typesOf(List.of(count, any))).isEqualTo(Map.of("count", "integer"));
  }

  // ------------------------------------------------------------ immutable_parameters

  private static ActionAlias withImmutable(Map<String, Object> immutable) {
    return new ActionAlias("p", "a", null, true, "p.act", List.of(AliasFormat.of("lorem ipsum")),
        null, null, null, immutable, null);
  }

  @Test
  void rejectsOverrideOfImmutableParameter() {
    ActionAlias alias = withImmutable(Map.of("param1", "value1"));
    assertThatThrownBy(() -> AliasParameters.injectImmutable(alias,
        List.of(Map.of("param1", "x")), UnaryOperator.identity()))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Immutable arguments cannot be overriden: param1");
  }

  @Test
  void mergesRenderedImmutableValuesIntoEveryParameterSet() {
    Map<String, Object> immutable = new LinkedHashMap<>();
    immutable.put("region", "{{ st2kv.system.region }}");
    immutable.put("hosts", "a,b");
    ActionAlias alias = withImmutable(immutable);
    UnaryOperator<Object> render =
        v -> v.equals("{{ st2kv.system.region }}") ? "eu-west-1" : v;
    AliasMatch match = new AliasMatch(alias, "lorem ipsum", "lorem ipsum", true,
        List.of(Map.of("k", "1"), Map.of("k", "2")));
    List<Map<String, Object>> executions =
        AliasParameters.prepare(match, Map.of("hosts", "array", "k", "integer"), render);
    assertThat(executions).containsExactly(
        Map.of("k", 1, "region", "eu-west-1", "hosts", List.of("a", "b")),
        Map.of("k", 2, "region", "eu-west-1", "hosts", List.of("a", "b")));
  }
}
