package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterRendererTest {

  private final TemplateEngine engine = new TemplateEngine();
  private final List<String> keysRead = new ArrayList<>();
  private final Map<String, String> datastore = Map.of(
      "system/api_host", "api.example.com", "user/token", "s3cr3t", "system/unused", "x",
      "system/db.password", "pw");
  private final ParameterRenderer renderer = new ParameterRenderer(engine, (scope, key) -> {
    keysRead.add(scope + "/" + key);
    return Optional.ofNullable(datastore.get(scope + "/" + key));
  });

  private static ParameterSpec param(String name, String type, Object defaultValue) {
    Map<String, Object> schema = new LinkedHashMap<>();
    if (type != null) {
      schema.put("type", type);
    }
    schema.put("default", defaultValue);
    return new ParameterSpec(name, type, false, defaultValue, null, false, false, null, null, schema);
  }

  private static ParameterSpec noDefault(String name, String type) {
    return new ParameterSpec(name, type, false, null, null, false, false, null, null,
        type == null ? Map.of() : Map.of("type", type));
  }

  private static ParameterSpec immutable(String name, Object defaultValue) {
    return new ParameterSpec(name, "string", false, defaultValue, null, true, false, null, null,
        Map.of("type", "string", "default", defaultValue, "immutable", true));
  }

  private static Map<String, ParameterSpec> specs(ParameterSpec... specs) {
    Map<String, ParameterSpec> out = new LinkedHashMap<>();
    for (ParameterSpec s : specs) {
      out.put(s.name(), s);
    }
    return out;
  }

  @Test
  void rendersDefaultsInDependencyOrderWhateverTheDeclarationOrder() {
    var specs = specs(
        param("url", "string", "https://{{ host }}:{{ port }}/api"),
        param("host", "string", "{{ st2kv.system.api_host }}"),
        param("port", "integer", "{{ base_port + 1 }}"),
        param("base_port", "integer", 8000));

    Map<String, Object> out = renderer.render(specs, Map.of(), Map.of());

    assertThat(out).containsEntry("url", "https://api.example.com:8001/api")
        .containsEntry("host", "api.example.com")
        .containsEntry("port", 8001L)
        .containsEntry("base_port", 8000);
  }

  @Test
  void readsOnlyTheDatastoreKeysTemplatesReference() {
    var specs = specs(param("token", "string", "{{ st2kv.user.token }}"));

    assertThat(renderer.render(specs, Map.of(), Map.of())).containsEntry("token", "s3cr3t");
    assertThat(keysRead).containsExactly("user/token");
  }

  @Test
  void usesConfigAndActionContext() {
    var specs = specs(param("greeting", "string",
        "{{ config_context.prefix }} {{ action_context.api_user }}"));
    Map<String, Object> context = Map.of(
        "config_context", Map.of("prefix", "hello"),
        "action_context", Map.of("api_user", "alice"));

    assertThat(renderer.render(specs, Map.of(), context)).containsEntry("greeting", "hello alice");
  }

  @Test
  void cycleNamesEveryParameterInIt() {
    var specs = specs(param("a", "string", "{{ b }}"), param("b", "string", "x{{ a }}"),
        param("c", "string", "fine"));

    assertThatThrownBy(() -> renderer.render(specs, Map.of(), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Cyclic dependency")
        .hasMessageContaining("a, b")
        .hasMessageContaining("a -> b -> a");
  }

  @Test
  void selfReferenceIsACycle() {
    var specs = specs(param("a", "string", "{{ a }}"));

    assertThatThrownBy(() -> renderer.render(specs, Map.of(), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("a -> a");
  }

  @Test
  void undefinedNameNamesTheParameterAndTheNameAndSuggestsTheClosest() {
    var specs = specs(param("message", "string", "deploy {{ verison }}"), param("version", "string", "1"));

    assertThatThrownBy(() -> renderer.render(specs, Map.of(), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("parameter \"message\"")
        .hasMessageContaining("\"verison\" is undefined")
        .hasMessageContaining("Did you mean \"version\"?");
  }

  @Test
  void undefinedNameInADependencyIsReportedForThatDependency() {
    var specs = specs(param("outer", "string", "{{ inner }}"), param("inner", "string", "{{ nope }}"));

    assertThatThrownBy(() -> renderer.render(specs, Map.of(), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("parameter \"inner\"")
        .hasMessageContaining("\"nope\" is undefined");
  }

  @Test
  void userValuesAreNeverRendered() {
    var specs = specs(param("cmd", "string", "echo default"), param("echo", "string", "{{ cmd }}"));

    Map<String, Object> out = renderer.render(specs, Map.of("cmd", "{{ 7*7 }} {{ st2kv.user.token }}"), Map.of());

    assertThat(out.get("cmd")).isEqualTo("{{ 7*7 }} {{ st2kv.user.token }}");
    assertThat(out.get("echo")).isEqualTo("{{ 7*7 }} {{ st2kv.user.token }}");
    assertThat(keysRead).isEmpty();
  }

  @Test
  void liveValueOverridesADefaultTemplate() {
    var specs = specs(param("host", "string", "{{ st2kv.system.api_host }}"));

    assertThat(renderer.render(specs, Map.of("host", "other"), Map.of())).containsEntry("host", "other");
    assertThat(keysRead).isEmpty();
  }

  @Test
  void immutableDefaultWinsOverAGivenValue() {
    var specs = specs(immutable("channel", "#{{ st2kv.system.api_host }}"));

    assertThat(renderer.render(specs, Map.of("channel", "#other"), Map.of()))
        .containsEntry("channel", "#api.example.com");
  }

  @Test
  void shellParametersQuoteEverySubstitutedValue() {
    var specs = specs(param("cmd", "string", "echo {{ text }} | wc -c"), noDefault("text", "string"));

    Map<String, Object> out = renderer.render(
        specs, Map.of("text", "a; rm -rf ~ $(id)"), Map.of(), Set.of("cmd"));

    assertThat(out.get("cmd")).isEqualTo("echo 'a; rm -rf ~ $(id)' | wc -c");
  }

  @Test
  void castsRenderedValuesToTheirTypes() {
    var specs = specs(
        param("hosts", "array", "{{ names }}"),
        param("csv", "array", "[{% for n in names %}'{{ n }}', {% endfor %}]"),
        param("flag", "boolean", "{{ 'true' }}"),
        param("ratio", "number", "{{ 3 }}"),
        param("opts", "object", "{\"retries\": {{ 2 + 1 }}}"),
        param("nothing", "string", "{{ none | use_none }}"),
        param("names", "array", List.of("a", "b")));

    Map<String, Object> out = renderer.render(specs, Map.of(), Map.of());

    assertThat(out.get("hosts")).isEqualTo(List.of("a", "b"));
    assertThat(out.get("csv")).isEqualTo(List.of("a", "b"));
    assertThat(out.get("flag")).isEqualTo(true);
    assertThat(out.get("ratio")).isEqualTo(3.0);
    assertThat(out.get("opts")).isEqualTo(Map.of("retries", 3));
    assertThat(out).containsEntry("nothing", null);
  }

  @Test
  void rendersTemplatesInsideListAndObjectDefaults() {
    var specs = specs(
        param("env", "object", Map.of("HOST", "{{ host }}", "PORT", "{{ port }}")),
        param("host", "string", "web"),
        param("port", "integer", 80));

    assertThat(renderer.render(specs, Map.of(), Map.of()).get("env"))
        .isEqualTo(Map.of("HOST", "web", "PORT", 80));
  }

  @Test
  void optionalParameterWithoutValueIsFalsyAndLeftOut() {
    var specs = specs(
        param("args", "string", "{% if verbose %}-v {% endif %}{{ target }}"),
        noDefault("verbose", "boolean"),
        param("target", "string", "all"));

    Map<String, Object> out = renderer.render(specs, Map.of(), Map.of());

    assertThat(out).containsEntry("args", "all").doesNotContainKey("verbose");
  }

  @Test
  void renderedValueOfTheWrongTypeNamesTheParameter() {
    var specs = specs(param("count", "integer", "{{ 'many' }}"));

    assertThatThrownBy(() -> renderer.render(specs, Map.of(), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("\"count\"")
        .hasMessageContaining("not an integer");
  }

  @Test
  void flagsBuiltByTheAuthorStaySeparateWordsInAShellCommand() {
    // StackStorm's linux.cp: cmd 'cp {{args}} {{source}} {{destination}}', args built from booleans.
    var specs = specs(
        param("cmd", "string", "cp {{args}} {{source}} {{destination}}"),
        param("args", "string", "-v{% if recursive == true %} -r{% endif %}{% if force == true %} -f{% endif %}"),
        noDefault("recursive", "boolean"),
        noDefault("force", "boolean"),
        noDefault("source", "string"),
        noDefault("destination", "string"));

    Map<String, Object> out = renderer.render(specs,
        Map.of("recursive", true, "force", true, "source", "my file", "destination", "/tmp/$(id)"),
        Map.of(), Set.of("cmd"));

    assertThat(out.get("cmd")).isEqualTo("cp -v -r -f 'my file' '/tmp/$(id)'");
  }

  @Test
  void argsAUserGaveAreOneQuotedWord() {
    var specs = specs(param("cmd", "string", "lsof {{args}}"), noDefault("args", "string"));

    assertThat(renderer.render(specs, Map.of("args", "-i; id"), Map.of(), Set.of("cmd")).get("cmd"))
        .isEqualTo("lsof '-i; id'");
  }

  @Test
  void authorTemplateThatEmbedsAUserValueIsNotTrusted() {
    var specs = specs(
        param("cmd", "string", "run {{ opts }}"),
        param("opts", "string", "--name={{ name }}"),
        noDefault("name", "string"));

    assertThat(renderer.render(specs, Map.of("name", "x; id"), Map.of(), Set.of("cmd")).get("cmd"))
        .isEqualTo("run '--name=x; id'");
  }

  @Test
  void valueInsideDoubleQuotesOfAPackCommandKeepsItsText() {
    // StackStorm's aws.set_hostname_cloud writes echo "{{hostname}}" > /etc/hostname.
    var specs = specs(param("cmd", "string", "echo \"{{hostname}}\" > /etc/hostname && hostname {{hostname}}"),
        noDefault("hostname", "string"));

    assertThat(renderer.render(specs, Map.of("hostname", "web-1"), Map.of(), Set.of("cmd")).get("cmd"))
        .isEqualTo("echo \"web-1\" > /etc/hostname && hostname 'web-1'");
  }

  @Test
  void missingDatastoreKeyIsEmptyAndDottedKeysAreOneKey() {
    var specs = specs(param("a", "string", "[{{ st2kv.system.nope }}]"),
        param("b", "string", "{{ st2kv.system.db.password }}"));

    Map<String, Object> out = renderer.render(specs, Map.of(), Map.of());

    assertThat(out).containsEntry("a", "[]").containsEntry("b", "pw");
  }

  private static ParameterSpec secret(String name, String type) {
    return new ParameterSpec(name, type, false, null, null, false, true, null, null,
        Map.of("type", type, "secret", true));
  }

  /** A datastore whose secret "vault" is stored as "enc:hunter22" and decrypts to "hunter22". */
  private final ParameterRenderer withSecrets = new ParameterRenderer(engine,
      new KeyValueLookup() {
        @Override
        public Optional<String> get(String scope, String key) {
          return key.equals("vault") ? Optional.of("enc:hunter22") : Optional.empty();
        }

        @Override
        public Optional<String> decrypt(String stored) {
          return stored.equals("enc:hunter22") ? Optional.of("hunter22") : Optional.empty();
        }
      });

  @Test
  void aParameterRenderedFromASecretParameterIsSecretItself() {
    var specs = specs(immutable("cmd", "login --token {{ token }}"), secret("token", "string"),
        immutable("banner", "hello {{ who }}"), noDefault("who", "string"));

    ParameterRenderer.Rendered out = renderer.renderAll(specs,
        Map.of("token", "tok-1234", "who", "bob"), Map.of(), Set.of("cmd"), Set.of());

    assertThat(out.values()).containsEntry("cmd", "login --token 'tok-1234'");
    assertThat(out.secrets()).containsExactlyInAnyOrder("token", "cmd");
  }

  @Test
  void aParameterThatDecryptsADatastoreSecretIsSecretAndKeepsThePlainTextForRedaction() {
    var specs = specs(immutable("cmd", "mysql -p{{ st2kv.system.vault | decrypt_kv }}"),
        immutable("sealed", "{{ st2kv.system.vault }}"), immutable("plain", "x"));

    ParameterRenderer.Rendered out = withSecrets.renderAll(specs, Map.of(), Map.of(),
        Set.of("cmd"), Set.of());

    assertThat(out.values()).containsEntry("cmd", "mysql -p'hunter22'");
    assertThat(out.secrets()).containsExactlyInAnyOrder("cmd", "sealed");
    assertThat(out.secretTexts()).containsExactly("hunter22");
  }

  @Test
  void aDerivedSecretOfTheWrongTypeIsNotQuotedInTheError() {
    var specs = specs(param("port", "integer", "{{ pw }}"), secret("pw", "string"));

    assertThatThrownBy(() -> renderer.renderAll(specs, Map.of("pw", "hunter22"), Map.of(),
        Set.of(), Set.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("\"port\"").hasMessageNotContaining("hunter22");
  }

  @Test
  void eventDataInARulesShellTemplateIsQuotedAndKeepsItsTypeElsewhere() {
    Map<String, Object> trigger = Map.of("trigger", Map.of("body",
        Map.of("app", "x; touch F $(id) `id`", "count", 3)));

    ParameterRenderer.Rendered out = renderer.renderTemplates(Map.of(
            "cmd", "echo deployed {{ trigger.body.app }} && echo \"{{ trigger.body.app }}\"",
            "body", "{{ trigger.body }}", "n", "{{ trigger.body.count }}", "literal", 7),
        trigger, Set.of("cmd"));

    assertThat(out.values().get("cmd")).isEqualTo(
        "echo deployed 'x; touch F $(id) `id`' && echo \"x; touch F \\$(id) \\`id\\`\"");
    assertThat(out.values()).containsEntry("n", 3).containsEntry("literal", 7);
    assertThat(out.values().get("body")).isEqualTo(trigger.get("trigger") instanceof Map<?, ?> t
        ? t.get("body") : null);
    assertThat(out.secrets()).isEmpty();
  }

  @Test
  void aRuleTemplateThatDecryptsASecretIsSecret() {
    ParameterRenderer.Rendered out = withSecrets.renderTemplates(
        Map.of("cmd", "use {{ st2kv.system.vault | decrypt_kv }}", "who", "{{ trigger.who }}"),
        Map.of("trigger", Map.of("who", "ops")), Set.of("cmd"));

    assertThat(out.secrets()).containsExactly("cmd");
    assertThat(out.secretTexts()).containsExactly("hunter22");
    assertThat(out.values()).containsEntry("who", "ops");
  }
}
