package dev.squall.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ConflictException;
import dev.squall.core.rule.Rule;
import dev.squall.core.rule.RuleYaml;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules made through the API, stored beside the pack files' rules, against each database. */
abstract class ApiRulesContract {

  static final String FILE_RULE = """
      name: on_deploy
      pack: ops
      trigger: {type: core.st2.webhook, parameters: {url: deploys}}
      action: {ref: core.noop}
      """;

  private Database db;
  private ApiRules store;
  private List<Rule> files;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    files = List.of(((RuleYaml.Loaded) RuleYaml.parse("ops", Path.of("packs/ops/rules/on_deploy.yaml"), FILE_RULE)).rule());
    store = new ApiRules(db.dataSource(), Clock.systemUTC(), () -> store.over(files));
  }

  @AfterEach
  void close() {
    db.close();
  }

  static String body(String name, String url) {
    return "{\"name\": \"" + name + "\", \"pack\": \"ops\", \"trigger\": {\"type\": \"core.st2.webhook\","
        + " \"parameters\": {\"url\": \"" + url + "\"}}, \"action\": {\"ref\": \"core.noop\"}}";
  }

  @Test
  void aCreatedRuleRunsBesideTheFilesAndSurvivesANewStore() {
    Rule made = store.create(body("on_release", "releases"));
    assertThat(made.ref()).isEqualTo("ops.on_release");
    assertThat(store.over(files)).extracting(Rule::ref).containsExactly("ops.on_deploy", "ops.on_release");
    ApiRules again = new ApiRules(db.dataSource(), Clock.systemUTC(), () -> List.of());
    assertThat(again.over(files)).extracting(Rule::ref).contains("ops.on_release");
    assertThatThrownBy(() -> store.create(body("on_release", "other"))).isInstanceOf(ConflictException.class);
  }

  @Test
  void aReplacedFileRuleIsOverriddenUntilTheOverrideIsDeleted() {
    store.replace("ops.on_deploy", body("on_deploy", "deploys-v2"));
    Rule overridden = store.over(files).get(0);
    assertThat(overridden.trigger().parameters()).containsEntry("url", "deploys-v2");
    assertThat(overridden.metadataFile()).isNull();
    store.delete("ops.on_deploy");
    assertThat(store.over(files).get(0).trigger().parameters()).containsEntry("url", "deploys");
    assertThatThrownBy(() -> store.delete("ops.on_deploy")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("on_deploy.yaml");
  }

  @Test
  void aBadBodyIsRefusedNamingTheField() {
    assertThatThrownBy(() -> store.create("{\"name\": \"x\", \"pack\": \"ops\", \"action\": {\"ref\": \"core.noop\"}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("trigger");
    assertThatThrownBy(() -> store.replace("ops.on_deploy", body("renamed", "deploys")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("ops.renamed");
    assertThat(store.over(files)).hasSize(1);
  }
}
