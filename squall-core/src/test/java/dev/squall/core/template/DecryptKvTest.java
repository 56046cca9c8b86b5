package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.BadRequestException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The decrypt_kv filter, against a fake datastore whose secrets are stored as "enc:" + text. */
class DecryptKvTest {

  private final TemplateEngine engine = new TemplateEngine();

  private final KeyValueLookup datastore = new KeyValueLookup() {
    private final Map<String, String> values = Map.of(
        "system/pw", "enc:hunter2", "system/my_cmd", "enc:date", "user/my_cmd", "enc:uptime", "user/token", "enc:s3cr3t", "system/plain", "not-a-secret",
        "system/blank", "");

    @Override
    public Optional<String> get(String scope, String key) {
      return Optional.ofNullable(values.get(scope + "/" + key));
    }

    @Override
    public Optional<String> decrypt(String stored) {
      return stored.startsWith("enc:") ? Optional.of(stored.substring(4)) : Optional.empty();
    }
  };

  private String render(String template) {
    return engine.render(template, Map.of("st2kv", KeyValueScope.of(datastore)));
  }

  @Test
  void decryptsSystemAndUserSecrets() {
    assertThat(render("{{ st2kv.system.pw }}")).isEqualTo("enc:hunter2");
    assertThat(render("{{ st2kv.system.pw | decrypt_kv }}")).isEqualTo("hunter2");
    assertThat(render("{{ st2kv.user.token | decrypt_kv }}")).isEqualTo("s3cr3t");
  }

  @Test
  void decryptsAnEncryptedValueHeldInAVariable() {
    Map<String, Object> context = Map.of("st2kv", KeyValueScope.of(datastore), "v", "enc:abc");
    assertThat(engine.render("{{ v | decrypt_kv }}", context)).isEqualTo("abc");
  }

  @Test
  void aValueThatIsNotAnEncryptedSecretIsAnErrorNamingTheFilter() {
    assertThatThrownBy(() -> render("{{ st2kv.system.plain | decrypt_kv }}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("decrypt_kv: the value is not an encrypted datastore secret")
        .hasMessageNotContaining("not-a-secret");
  }

  @Test
  void aMissingOrEmptyKeyIsAnErrorNamingTheKey() {
    assertThatThrownBy(() -> render("{{ st2kv.system.nope.pw | decrypt_kv }}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("decrypt_kv: referenced datastore item \"st2kv.system.nope.pw\""
            + " doesn't exist or it contains an empty string");
    assertThatThrownBy(() -> render("{{ st2kv.system.blank | decrypt_kv }}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("decrypt_kv: there is no value to decrypt");
  }

  @Test
  void aTemplateWithoutADatastoreCannotDecrypt() {
    assertThatThrownBy(() -> engine.render("{{ v | decrypt_kv }}", Map.of("v", "enc:abc")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("decrypt_kv: this template has no datastore");
  }

  @Test
  @SuppressWarnings("unchecked")
  void rendersTheExamplesPackChainVars() throws Exception {
    Map<String, Object> chain;
    try (InputStream in = getClass().getResourceAsStream("/templates/decrypt_kv_chain_vars.yaml")) {
      chain = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    Object vars = engine.renderValue(chain.get("vars"), Map.of("st2kv", KeyValueScope.of(datastore)));
    assertThat(vars).isEqualTo(Map.of(
        "encrypted_cmd_system_scope", "date", "encrypted_cmd_user_scope", "uptime"));
  }

  @Test
  void aParameterDefaultDecryptsThroughTheRenderersDatastore() {
    ParameterSpec spec = new ParameterSpec("password", "string", false,
        "{{ st2kv.system.pw | decrypt_kv }}", null, false, true, null, null,
        Map.of("type", "string", "default", "{{ st2kv.system.pw | decrypt_kv }}", "secret", true));
    Map<String, Object> out = new ParameterRenderer(engine, datastore)
        .render(Map.of("password", spec), Map.of(), Map.of());
    assertThat(out).containsEntry("password", "hunter2");
  }
}
