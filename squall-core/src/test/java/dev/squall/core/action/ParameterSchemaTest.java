package dev.squall.core.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.InvalidParametersException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {

  private static final RunnerType LOCAL = Runners.find("local-shell-cmd").orElseThrow();

  private static ParameterSchema schema(Map<String, Object> actionParams) {
    ActionDef action = new ActionDef("demo", "a", null, "local-shell-cmd", "", true,
        ParameterSpecs.ofAll(actionParams), null, null, null);
    return ParameterSchema.of(LOCAL, action);
  }

  private final ParameterSchema schema = schema(Map.of(
      "cmd", Map.of("type", "string", "required", true),
      "sudo", Map.of("immutable", true),
      "count", Map.of("type", "integer", "default", 2),
      "ratio", Map.of("type", "number"),
      "verbose", Map.of("type", "boolean"),
      "hosts", Map.of("type", "array"),
      "opts", Map.of("type", "object"),
      "level", Map.of("type", "string", "enum", List.of("low", "high")),
      "token", Map.of("type", "string", "secret", true),
      "message", Map.of("type", "string", "default", "{{ st2kv.system.greeting }}")));

  @Test
  void aRefusalNamesTheParameterOfEachProblemAndNeverASecretsValue() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("count", "many");
    given.put("sudo", true);
    given.put("cmnd", "date");
    assertThatThrownBy(() -> schema.validateAndCast(given))
        .isInstanceOfSatisfying(InvalidParametersException.class, e -> {
          assertThat(e.byParameter()).containsOnlyKeys("count", "sudo", "cmnd", "cmd");
          assertThat(e.byParameter().get("count")).isEqualTo("'many' is not of type 'integer'");
          assertThat(e.byParameter().get("sudo")).isEqualTo("Immutable: it cannot be changed.");
          assertThat(e.byParameter().get("cmnd")).isEqualTo("Unknown parameter. Did you mean 'cmd'?");
          assertThat(e.byParameter().get("cmd")).isEqualTo("Required");
          assertThat(e.getMessage()).contains("'cmd' is a required property", "(parameter \"count\")");
        });
    ParameterSchema secret = schema(Map.of("pin", Map.of("type", "integer", "secret", true)));
    assertThatThrownBy(() -> secret.validateAndCast(Map.of("pin", "hunter2")))
        .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.byParameter().get("pin"))
            .isEqualTo("the value (a secret, not shown) is not a valid integer").doesNotContain("hunter2"));
  }

  @Test
  void mergesRunnerParametersUnderActionParameters() {
    Map<String, ParameterSpec> p = schema.parameters();

    assertThat(p).containsKeys("cmd", "cwd", "env", "kwarg_op", "sudo", "sudo_password",
        "timeout", "count");
    assertThat(p.get("cmd").required()).as("action attribute wins").isTrue();
    assertThat(p.get("cmd").description()).as("runner attribute kept")
        .isEqualTo("Arbitrary Linux command to be executed on the host.");
    assertThat(p.get("sudo").immutable()).isTrue();
    assertThat(p.get("sudo").type()).isEqualTo("boolean");
    assertThat(p.get("sudo").defaultValue()).isEqualTo(false);
    assertThat(p.get("sudo_password").secret()).isTrue();
  }

  @Test
  void appliesDefaultsAndCastsStringsToDeclaredTypes() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("cmd", "date");
    given.put("count", "5");
    given.put("ratio", "0.5");
    given.put("verbose", "yes");
    given.put("hosts", "a, b,c");
    given.put("opts", "{\"k\": [1, 2]}");
    given.put("env", "{\"A\": \"1\"}");

    Map<String, Object> out = schema.validateAndCast(given);

    assertThat(out).containsEntry("cmd", "date").containsEntry("count", 5)
        .containsEntry("ratio", 0.5).containsEntry("verbose", true)
        .containsEntry("hosts", List.of("a", "b", "c"))
        .containsEntry("opts", Map.of("k", List.of(1, 2)))
        .containsEntry("env", Map.of("A", "1"))
        .containsEntry("timeout", 60).containsEntry("kwarg_op", "--")
        .containsEntry("sudo", false)
        .containsEntry("message", "{{ st2kv.system.greeting }}")
        .doesNotContainKey("sudo_password");
  }

  @Test
  void acceptsStackStormBooleanSpellingsAndJsonArrays() {
    for (String no : List.of("false", "False", "no", "0", "off")) {
      assertThat(schema.validateAndCast(Map.of("cmd", "x", "verbose", no)))
          .containsEntry("verbose", false);
    }
    assertThat(schema.validateAndCast(Map.of("cmd", "x", "verbose", 1)))
        .containsEntry("verbose", true);
    assertThat(schema.validateAndCast(Map.of("cmd", "x", "hosts", "[\"a,b\", \"c\"]")))
        .containsEntry("hosts", List.of("a,b", "c"));
  }

  @Test
  void rejectsValuesOfTheWrongTypeWithStackStormsMessage() {
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", "x", "count", "abc")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("'abc' is not of type 'integer' (parameter \"count\")");
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", "x", "count", "3.5")))
        .hasMessageContaining("'3.5' is not of type 'integer'");
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", "x", "verbose", "maybe")))
        .hasMessageContaining("'maybe' is not of type 'boolean'");
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", 3)))
        .hasMessageContaining("3 is not of type 'string'");
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", "x", "opts", "{nope")))
        .hasMessageContaining("'{nope' is not of type 'object'");
  }

  @Test
  void castsArrayItemsToTheirDeclaredType() {
    ParameterSchema ports = ParameterSchema.of(ParameterSpecs.ofAll(Map.of(
        "ports", Map.of("type", "array", "items", Map.of("type", "integer")))));

    assertThat(ports.validateAndCast(Map.of("ports", "80, 443")))
        .containsEntry("ports", List.of(80, 443));
    assertThatThrownBy(() -> ports.validateAndCast(Map.of("ports", "80,http")))
        .hasMessage("'http' is not of type 'integer' (parameter \"ports\")");
  }

  @Test
  void theNoneMarkerMeansNoValueEvenWhenThereIsADefault() {
    Map<String, Object> out = schema.validateAndCast(
        Map.of("cmd", "x", "count", "%*****__%NONE%__*****%"));

    assertThat(out).doesNotContainKey("count");
  }

  @Test
  void rejectsMissingRequiredAndValuesOutsideTheEnum() {
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("level", "medium")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'cmd' is a required property")
        .hasMessageContaining("'medium' is not one of ['low', 'high'] (parameter \"level\")");
  }

  @Test
  void rejectsUnknownParameterNamingTheClosestValidOne() {
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", "x", "cuont", "1")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Additional properties are not allowed ('cuont' was unexpected)."
            + " Did you mean 'count'?");
  }

  @Test
  void rejectsOverrideOfImmutableParameter() {
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", "x", "sudo", true)))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Override of immutable parameter(s) ['sudo'] is unsupported.");
  }

  @Test
  void castsAGivenTemplateLikeAnyOtherValue() {
    assertThat(schema.validateAndCast(Map.of("cmd", "{{ x }}"))).containsEntry("cmd", "{{ x }}");
    assertThatThrownBy(() -> schema.validateAndCast(Map.of("cmd", "x", "count", "{{ n }}")))
        .hasMessageContaining("is not of type 'integer'");
  }

  @Test
  void rejectsActionChangingTheDefaultOfAnImmutableRunnerParameter() {
    RunnerType remote = Runners.find("remote-shell-cmd").orElseThrow();
    Map<String, ParameterSpec> own = ParameterSpecs.ofAll(Map.of("dir", Map.of("default", "/x")));

    assertThat(ParameterSchema.checkOverrides("p.a", remote.parameters(), own)).singleElement()
        .satisfies(v -> {
          assertThat(v.parameter()).isEqualTo("dir");
          assertThat(v.attribute()).isEqualTo("default");
          assertThat(v.message()).contains("Param dir is declared immutable in runner");
        });
    assertThat(ParameterSchema.checkOverrides("p.a", remote.parameters(),
        ParameterSpecs.ofAll(Map.of("dir", Map.of("default", "/tmp"))))).isEmpty();
    ActionDef action = new ActionDef("p", "a", null, "remote-shell-cmd", "", true, own, null,
        null, null);
    assertThatThrownBy(() -> ParameterSchema.of(remote, action))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void appliesStackStormsRulesForRedeclaredRunnerParameters() {
    RunnerType remote = Runners.find("remote-shell-cmd").orElseThrow();

    assertThat(ParameterSchema.checkOverrides("p.a", LOCAL.parameters(),
        ParameterSpecs.ofAll(Map.of("timeout", Map.of("type", "string")))))
        .extracting(ParameterSchema.Violation::message).containsExactly(
            "The attribute \"type\" for the runner parameter \"timeout\" in action \"p.a\""
                + " cannot be overridden.");
    assertThat(ParameterSchema.checkOverrides("p.a", remote.parameters(),
        ParameterSpecs.ofAll(Map.of("parallel", Map.of("immutable", false)))))
        .extracting(ParameterSchema.Violation::message).containsExactly(
            "Param parallel is declared immutable in runner. Cannot override in action.");
    assertThat(ParameterSchema.checkOverrides("p.a", LOCAL.parameters(),
        ParameterSpecs.ofAll(Map.of("mine", Map.of("type", "string", "immutable", true)))))
        .extracting(ParameterSchema.Violation::message).containsExactly(
            "Immutable param mine requires a default value.");
    assertThat(ParameterSchema.checkOverrides("p.a", LOCAL.parameters(), ParameterSpecs.ofAll(
        Map.of("sudo", Map.of("immutable", true), "cmd", Map.of("type", "string",
            "required", true, "description", "mine"))))).isEmpty();
  }

  @Test
  void masksSecretValues() {
    Map<String, Object> masked = schema.maskSecrets(
        Map.of("cmd", "x", "token", "abc", "sudo_password", "pw"));

    assertThat(masked).containsEntry("cmd", "x").containsEntry("token", "********")
        .containsEntry("sudo_password", "********");
  }
}
