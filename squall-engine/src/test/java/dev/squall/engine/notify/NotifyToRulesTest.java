package dev.squall.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.rules.Engine;
import dev.squall.engine.rules.RuleEnforcement;
import dev.squall.engine.rules.RulesEngine;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chatops loop: an alias execution's chat notification fires the pack's notify rule. */
class NotifyToRulesTest {

  private Engine engine;
  private RulesEngine rules;
  private Notifier notifier;

  @BeforeEach
  void open() {
    engine = new Engine(StoreConfig.h2Memory("notify-rules-" + UUID.randomUUID()));
    rules = new RulesEngine(engine.db.dataSource(), engine.executions, new TemplateEngine(),
        KeyValueLookup.none(), Clock.systemUTC());
    // chatops.notify from StackStorm's chatops pack, pointed at a test action
    rules.setRules(List.of(Engine.rule("""
        name: notify
        enabled: true
        trigger: {type: core.st2.generic.notifytrigger}
        criteria:
          trigger.route: {type: equals, pattern: hubot}
        action:
          ref: test.echo
          parameters:
            channel: "{{trigger.data.source_channel}}"
            user: "{{trigger.data.user}}"
            execution_id: "{{trigger.execution_id}}"
            context: "{{trigger.data.source_context}}"
        """)));
    notifier = new Notifier(engine.db.dataSource(), engine.executions,
        ref -> engine.actions.get(ref), new TemplateEngine(), KeyValueLookup.none(),
        Map.of("hubot", new LogRoute("hubot")), rules, engine.bus, Clock.systemUTC(),
        new NotifierSettings(Duration.ofMillis(50), Duration.ofMillis(20),
            Duration.ofMillis(100), 3, Duration.ofSeconds(30)));
    notifier.start();
  }

  @AfterEach
  void close() {
    notifier.close();
    engine.close();
  }

  @Test
  void aChatNotificationFiresTheChatopsNotifyRuleWithTheSourceOfTheCommand() {
    Map<String, Object> notify = Map.of("on_complete", Map.of("routes", List.of("hubot"),
        "data", Map.of("user", "bob", "source_channel", "C42",
            "source_context", Map.of("adapter", "slack", "thread_id", "t-1"))));
    Execution e = engine.executions.submit("core.noop", Map.of(), Map.of("notify", notify));
    engine.await(e.id());

    await().atMost(Engine.WAIT).until(() -> !rules.enforcements("test.notify", null, 0).isEmpty());
    RuleEnforcement fired = rules.enforcements("test.notify", null, 0).getFirst();
    Execution post = engine.await(fired.executionId());
    assertThat(post.parameters()).containsEntry("channel", "C42")
        .containsEntry("user", "bob")
        .containsEntry("execution_id", e.id())
        .containsEntry("context", Map.of("adapter", "slack", "thread_id", "t-1"));
    // the trigger goes out when the notification is written, the delivery follows on its own
    await().atMost(Engine.WAIT).until(() -> notifier.deliveries(e.id()).stream()
        .allMatch(d -> d.status() == Delivery.Status.DELIVERED));
    assertThat(notifier.deliveries(e.id())).hasSize(1);
    // the rule's own execution has no notify: it is not posted again
    await().atMost(Engine.WAIT).until(() -> rules.instances(null, 0).stream()
        .anyMatch(i -> i.payload().get("execution_id") instanceof String id
            && id.equals(post.id())));
    assertThat(rules.enforcements("test.notify", null, 0)).hasSize(1);
  }
}
