package dev.squall.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules engine and webhooks against each database, run by a subclass. */
abstract class RulesEngineContract {

  private static final String DEPLOY_RULE = """
      name: deploy_on_push
      enabled: true
      trigger:
        type: core.st2.webhook
        parameters:
          url: /github/
      criteria:
        trigger.body.ref:
          type: equals
          pattern: refs/heads/{{ st2kv.system.branch }}
        trigger.headers.X-Event:
          type: iequals
          pattern: push
      action:
        ref: test.echo
        parameters:
          repo: "{{ trigger.body.repository }}"
          commits: "{{ trigger.body.commits }}"
          who: "{{ st2kv.system.deployer }}"
      """;

  private Engine engine;
  private RulesEngine rules;
  private Webhooks webhooks;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    engine = new Engine(freshStore());
    KeyValueLookup kv = (scope, key) -> switch (scope + ":" + key) {
      case "system:branch" -> Optional.of("main");
      case "system:deployer" -> Optional.of("ops");
      default -> Optional.empty();
    };
    engine.keyValues = kv;
    rules = new RulesEngine(engine.db.dataSource(), engine.executions, new TemplateEngine(), kv,
        Clock.systemUTC());
    webhooks = new Webhooks(rules);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void webhookRuleFiresOnlyWhenBothCriteriaMatchAndRendersItsParameters() {
    rules.setRules(List.of(Engine.rule(DEPLOY_RULE)));

    TriggerInstance wrongBranch = webhooks.fire("github",
        Map.of("ref", "refs/heads/dev", "repository", "squall"), Map.of("X-Event", "push"));
    TriggerInstance wrongEvent = webhooks.fire("github",
        Map.of("ref", "refs/heads/main", "repository", "squall"), Map.of("X-Event", "issue"));
    TriggerInstance hit = webhooks.fire("/github", Map.of("ref", "refs/heads/main",
        "repository", "squall", "commits", List.of("a1", "b2")), Map.of("X-Event", "PUSH"));

    assertThat(rules.enforcements(null, wrongBranch.id(), 0)).isEmpty();
    assertThat(rules.enforcements(null, wrongEvent.id(), 0)).isEmpty();
    List<RuleEnforcement> fired = rules.enforcements(null, hit.id(), 0);
    assertThat(fired).singleElement().satisfies(e -> {
      assertThat(e.ruleRef()).isEqualTo("test.deploy_on_push");
      assertThat(e.failureReason()).isNull();
    });
    Execution run = engine.await(fired.getFirst().executionId());
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.actionRef()).isEqualTo("test.echo");
    assertThat(run.parameters()).containsEntry("repo", "squall")
        .containsEntry("commits", List.of("a1", "b2"))
        .containsEntry("who", "ops");
    assertThat(run.context()).containsEntry("user", "squall")
        .containsEntry("rule", Map.of("ref", "test.deploy_on_push", "name", "deploy_on_push",
            "pack", "test"));
    assertThat(run.context().get("trigger_instance")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("id", hit.id());

    TriggerInstance stored = rules.instance(hit.id());
    assertThat(stored.status()).isEqualTo(TriggerInstance.PROCESSED);
    assertThat(stored.triggerType()).isEqualTo("core.st2.webhook");
    assertThat(stored.payload()).containsEntry("headers", Map.of("X-Event", "PUSH"));
    assertThat(stored.payload().get("body")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("repository", "squall");
  }

  @Test
  void webhookCredentialsAreNotKeptInTheTriggerInstance() {
    rules.setRules(List.of(Engine.rule(DEPLOY_RULE)));
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Authorization", "Basic YWRtaW46aHVudGVyMg==");
    headers.put("cookie", "session=abc123");
    headers.put("St2-Api-Key", "key-value");
    headers.put("X-Auth-Token", "token-value");
    headers.put("Proxy-Authorization", "Bearer proxy-secret");
    headers.put("X-Event", "push");
    TriggerInstance hit = webhooks.fire("github", Map.of("ref", "refs/heads/main", "repository", "squall"), headers);
    assertThat(rules.instance(hit.id()).payload()).containsEntry("headers", Map.of("X-Event", "push"));
    assertThat(rules.instance(hit.id()).payload().toString())
        .doesNotContain("YWRtaW46aHVudGVyMg").doesNotContain("abc123").doesNotContain("key-value")
        .doesNotContain("token-value").doesNotContain("proxy-secret");
  }

  @Test
  void aRuleWhoseActionCannotRunLeavesAFailedEnforcement() {
    rules.setRules(List.of(Engine.rule("""
        name: broken
        enabled: true
        trigger: {type: core.st2.generic.notifytrigger}
        action: {ref: nope.missing}
        """), Engine.rule("""
        name: works
        enabled: true
        trigger: {type: core.st2.generic.notifytrigger}
        action: {ref: core.noop}
        """)));

    TriggerInstance i = rules.dispatch("core.st2.generic.notifytrigger", Map.of(),
        Map.of("route", "x"));

    List<RuleEnforcement> all = rules.enforcements(null, i.id(), 0);
    assertThat(all).hasSize(2);
    RuleEnforcement broken = rules.enforcements("test.broken", null, 0).getFirst();
    assertThat(broken.executionId()).isNull();
    assertThat(broken.succeeded()).isFalse();
    assertThat(broken.failureReason())
        .contains("test.broken").contains("Action with ref \"nope.missing\" not found");
    RuleEnforcement works = rules.enforcements("test.works", null, 0).getFirst();
    assertThat(works.succeeded()).isTrue();
    assertThat(engine.await(works.executionId()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(rules.enforcement(works.id())).isEqualTo(works);
  }

  @Test
  void disabledRulesDoNotFireAndBackstopsFireOnlyWhenNothingElseMatched() {
    rules.setRules(List.of(Engine.rule("""
        name: dormant
        trigger: {type: core.st2.generic.actiontrigger}
        action: {ref: core.noop}
        """), Engine.rule("""
        name: on_failure
        enabled: true
        trigger: {type: core.st2.generic.actiontrigger}
        criteria:
          trigger.status: {type: equals, pattern: failed}
        action: {ref: core.noop}
        """), Engine.rule("""
        name: fallback
        enabled: true
        type: {ref: backstop}
        trigger: {type: core.st2.generic.actiontrigger}
        action: {ref: core.noop}
        """)));

    TriggerInstance failed = rules.dispatch("core.st2.generic.actiontrigger", Map.of(),
        Map.of("status", "failed"));
    TriggerInstance ok = rules.dispatch("core.st2.generic.actiontrigger", Map.of(),
        Map.of("status", "succeeded"));

    assertThat(rules.enforcements(null, failed.id(), 0)).extracting(RuleEnforcement::ruleRef)
        .containsExactly("test.on_failure");
    assertThat(rules.enforcements(null, ok.id(), 0)).extracting(RuleEnforcement::ruleRef)
        .containsExactly("test.fallback");
  }

  @Test
  void reemitProcessesTheSamePayloadAgainAsANewInstance() {
    rules.setRules(List.of(Engine.rule(DEPLOY_RULE)));
    TriggerInstance first = webhooks.fire("github", Map.of("ref", "refs/heads/main"),
        Map.of("X-Event", "push"));

    TriggerInstance again = rules.reemit(first.id());

    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(again.payload()).isEqualTo(first.payload());
    assertThat(rules.enforcements("test.deploy_on_push", null, 0)).hasSize(2);
    assertThat(rules.instances(null, 0)).extracting(TriggerInstance::id)
        .containsExactlyInAnyOrder(first.id(), again.id());
  }

  @Test
  void recoveryFinishesAnInterruptedInstanceWithoutFiringARuleTwice() {
    rules.setRules(List.of(Engine.rule("""
        name: first
        enabled: true
        trigger: {type: core.st2.generic.actiontrigger}
        action: {ref: core.noop}
        """), Engine.rule("""
        name: second
        enabled: true
        trigger: {type: core.st2.generic.actiontrigger}
        action: {ref: core.noop}
        """)));
    TriggerStore store = new TriggerStore(engine.db.dataSource());
    java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
    store.insert(new TriggerInstance("00000000000000000000000a",
        "core.st2.generic.actiontrigger", "core.st2.generic.actiontrigger", Map.of(),
        Map.of("status", "succeeded"), t, TriggerInstance.PROCESSING));
    store.insert(new RuleEnforcement("00000000000000000000000b", "test.first",
        "00000000000000000000000a", "ffffffffffffffffffffffff", null, t));

    assertThat(rules.recover()).isEqualTo(1);

    assertThat(rules.enforcements(null, "00000000000000000000000a", 0))
        .extracting(RuleEnforcement::ruleRef).containsExactlyInAnyOrder("test.first", "test.second");
    assertThat(rules.instance("00000000000000000000000a").status())
        .isEqualTo(TriggerInstance.PROCESSED);
    assertThat(rules.recover()).isZero();
  }

  @Test
  void unknownWebhooksAndInstancesAreNotFound() {
    rules.setRules(List.of(Engine.rule(DEPLOY_RULE)));
    assertThat(webhooks.exists("github/")).isTrue();
    assertThatThrownBy(() -> webhooks.fire("gitlab", Map.of(), Map.of()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("gitlab");
    assertThatThrownBy(() -> rules.instance("ffffffffffffffffffffffff"))
        .isInstanceOf(NotFoundException.class);
    assertThat(rules.instances(null, 0)).isEmpty();
  }

  @Test
  void theGenericWebhookDispatchesTheTriggerItNames() {
    rules.setRules(List.of(Engine.rule("""
        name: generic
        enabled: true
        trigger: {type: mypack.something}
        criteria:
          trigger.level: {type: gt, pattern: 3}
        action:
          ref: test.echo
          parameters: {level: "{{ trigger.level }}"}
        """)));

    TriggerInstance i = webhooks.fire("st2", Map.of("trigger", "mypack.something",
        "payload", Map.of("level", 5)), Map.of());

    assertThat(i.triggerType()).isEqualTo("mypack.something");
    RuleEnforcement e = rules.enforcements(null, i.id(), 0).getFirst();
    assertThat(engine.await(e.executionId()).parameters()).containsEntry("level", 5);
    assertThatThrownBy(() -> webhooks.fire("st2", Map.of("payload", Map.of()), Map.of()))
        .isInstanceOf(BadRequestException.class);
  }
}
