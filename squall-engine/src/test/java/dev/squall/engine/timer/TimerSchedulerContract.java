package dev.squall.engine.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.rule.Rule;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.rules.Engine;
import dev.squall.engine.rules.RuleEnforcement;
import dev.squall.engine.rules.RulesEngine;
import dev.squall.engine.rules.TriggerDispatcher;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.engine.store.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The timer scheduler against each database, driven by {@code tick}, run by a subclass. */
abstract class TimerSchedulerContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:01:00Z");
  private static final Rule CRON = Engine.rule("""
      name: every_five_minutes
      enabled: true
      trigger:
        type: core.st2.CronTimer
        parameters: {minute: "*/5", second: 0, timezone: UTC}
      action:
        ref: test.echo
        parameters: {at: "{{ trigger.executed_at }}"}
      """);
  private static final Rule INTERVAL = Engine.rule("""
      name: every_thirty_seconds
      enabled: true
      trigger:
        type: core.st2.IntervalTimer
        parameters: {unit: seconds, delta: 30}
      action: {ref: core.noop}
      """);

  private Engine engine;
  private final List<Map<String, Object>> fired = new CopyOnWriteArrayList<>();
  private final TriggerDispatcher recorder = (type, params, payload) -> {
    fired.add(Map.of("type", type, "payload", payload));
    return new TriggerInstance("0", type, type, params, payload, Instant.now(), "processed");
  };

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    engine = new Engine(freshStore());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private TimerScheduler scheduler(TriggerDispatcher to, Rule... rules) {
    TimerScheduler s = new TimerScheduler(engine.db.dataSource(), to,
        Clock.fixed(T0, ZoneOffset.UTC), ZoneId.of("UTC"), Duration.ofMinutes(1));
    s.setRules(List.of(rules));
    return s;
  }

  @Test
  void aCronTimerRuleFiresOnScheduleAndStartsItsAction() {
    RulesEngine rules = new RulesEngine(engine.db.dataSource(), engine.executions,
        new TemplateEngine(), KeyValueLookup.none(), Clock.systemUTC());
    rules.setRules(List.of(CRON));
    TimerScheduler timers = scheduler(rules, CRON);

    timers.tick(T0); // first sight: the timer starts now
    timers.tick(T0.plusSeconds(3 * 60 + 59)); // 10:04:59
    assertThat(rules.instances(null, 0)).isEmpty();

    timers.tick(Instant.parse("2026-03-02T10:05:00Z"));
    timers.tick(Instant.parse("2026-03-02T10:05:01Z"));

    TriggerInstance instance = rules.instances(null, 0).getFirst();
    assertThat(rules.instances(null, 0)).hasSize(1);
    assertThat(instance.triggerType()).isEqualTo("core.st2.CronTimer");
    assertThat(instance.payload()).containsEntry("executed_at", "2026-03-02 10:05:00")
        .containsEntry("schedule", Map.of("minute", "*/5", "second", 0, "timezone", "UTC"));
    RuleEnforcement e = rules.enforcements("test.every_five_minutes", null, 0).getFirst();
    assertThat(engine.await(e.executionId()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(engine.executions.get(e.executionId()).parameters())
        .containsEntry("at", "2026-03-02 10:05:00");

    timers.tick(Instant.parse("2026-03-02T10:10:00Z"));
    assertThat(rules.instances(null, 0)).hasSize(2);
  }

  @Test
  void missedFiresAfterDowntimeFireOnceWithinGraceAndAreSkippedBeyondIt() {
    TimerScheduler before = scheduler(recorder, CRON);
    before.tick(T0);
    before.close();

    // down from 10:01 to 10:10:30: 10:05 and 10:10 were missed; 10:10 is 30 s old, within grace
    TimerScheduler after = scheduler(recorder, CRON);
    after.tick(Instant.parse("2026-03-02T10:10:30Z"));
    assertThat(fired).singleElement().satisfies(f -> assertThat(f.get("payload"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("executed_at", "2026-03-02 10:10:00"));
    after.close();

    // down again until 10:17: 10:15 is two minutes old, beyond the one-minute grace: skipped
    TimerScheduler later = scheduler(recorder, CRON);
    later.tick(Instant.parse("2026-03-02T10:17:00Z"));
    assertThat(fired).hasSize(1);
    later.tick(Instant.parse("2026-03-02T10:20:00Z"));
    assertThat(fired).hasSize(2);
  }

  @Test
  void anIntervalTimerKeepsItsRhythmAcrossARestart() {
    TimerScheduler s = scheduler(recorder, INTERVAL);
    s.tick(T0);
    s.tick(T0.plusSeconds(29));
    assertThat(fired).isEmpty();
    s.tick(T0.plusSeconds(30));
    assertThat(fired).hasSize(1);
    s.close();

    TimerScheduler restarted = scheduler(recorder, INTERVAL);
    restarted.tick(T0.plusSeconds(45));
    assertThat(fired).hasSize(1);
    restarted.tick(T0.plusSeconds(60));
    assertThat(fired).hasSize(2);
    assertThat(fired.get(1).get("payload")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("executed_at", "2026-03-02 10:02:00")
        .containsEntry("schedule", Map.of("delta", 30L, "unit", "seconds"));
  }

  @Test
  void aDateTimerFiresOnceAndRulesSharingATimerGetOneTrigger() {
    Rule date = Engine.rule("""
        name: once
        enabled: true
        trigger:
          type: core.st2.DateTimer
          parameters: {date: "2026-03-02 10:03:00", timezone: UTC}
        action: {ref: core.noop}
        """);
    Rule same = Engine.rule("""
        name: twice
        enabled: true
        trigger:
          type: core.st2.DateTimer
          parameters: {timezone: UTC, date: "2026-03-02 10:03:00"}
        action: {ref: core.noop}
        """);
    Rule disabled = Engine.rule("""
        name: dormant
        trigger:
          type: core.st2.IntervalTimer
          parameters: {unit: seconds, delta: 1}
        action: {ref: core.noop}
        """);
    TimerScheduler s = scheduler(recorder, date, same, disabled);
    assertThat(s.timers()).hasSize(1);
    s.tick(T0);
    s.tick(T0.plusSeconds(120));
    s.tick(T0.plusSeconds(600));
    assertThat(fired).singleElement().satisfies(f ->
        assertThat(f.get("type")).isEqualTo("core.st2.DateTimer"));
  }

  @Test
  void theStartedSchedulerTicksByItself() {
    Rule everySecond = Engine.rule("""
        name: every_second
        enabled: true
        trigger:
          type: core.st2.IntervalTimer
          parameters: {unit: seconds, delta: 1}
        action: {ref: core.noop}
        """);
    TimerScheduler s = new TimerScheduler(engine.db.dataSource(), recorder, Clock.systemUTC(),
        ZoneId.of("UTC"), Duration.ofMinutes(1));
    s.setRules(List.of(everySecond));
    s.start();
    try {
      org.awaitility.Awaitility.await().atMost(Engine.WAIT).until(() -> !fired.isEmpty());
    } finally {
      s.close();
    }
    assertThat(fired.getFirst().get("type")).isEqualTo("core.st2.IntervalTimer");
  }

  @Test
  void executedAtIsPythonsDatetimeText() {
    assertThat(TimerScheduler.executedAt(Instant.parse("2014-07-30T05:04:24.578325Z")))
        .isEqualTo("2014-07-30 05:04:24.578325");
    assertThat(TimerScheduler.executedAt(Instant.parse("2014-07-30T05:04:24Z")))
        .isEqualTo("2014-07-30 05:04:24");
  }
}
