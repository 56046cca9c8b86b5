package dev.squall.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemTriggerTypesTest {

  @Test
  void registersStackStormsSystemTriggerTypesByRef() {
    assertThat(SystemTriggerTypes.all()).extracting(TriggerType::ref).containsExactly(
        "core.st2.webhook", "core.st2.IntervalTimer", "core.st2.DateTimer", "core.st2.CronTimer",
        "core.st2.generic.actiontrigger", "core.st2.generic.notifytrigger",
        "core.st2.action.file_written", "core.st2.generic.inquiry",
        "core.st2.key_value_pair.create", "core.st2.key_value_pair.update",
        "core.st2.key_value_pair.value_change", "core.st2.key_value_pair.delete",
        "core.st2.sensor.process_spawn", "core.st2.sensor.process_exit");
  }

  @Test
  void webhookRequiresAUrlAndAcceptsAnyPayload() {
    TriggerType webhook = SystemTriggerTypes.byRef("core.st2.webhook").orElseThrow();
    assertThat(webhook.uid()).isEqualTo("trigger_type:core:st2.webhook");
    assertThat(webhook.parameterised()).isTrue();
    assertThat(webhook.parametersSchema()).containsEntry("additionalProperties", false)
        .containsEntry("properties", Map.of("url", Map.of("type", "string", "required", true)));
    assertThat(webhook.payloadSchema()).isEqualTo(Map.of("type", "object"));
  }

  @Test
  void notifyTriggerPayloadHasTheRouteAndData() {
    TriggerType notify = SystemTriggerTypes.NOTIFY_TRIGGER;
    assertThat(notify.parameterised()).isFalse();
    assertThat(properties(notify)).containsExactlyInAnyOrder(
        "execution_id", "status", "start_timestamp", "end_timestamp", "action_ref",
        "runner_ref", "channel", "route", "message", "data");
  }

  @SuppressWarnings("unchecked")
  private static java.util.Set<String> properties(TriggerType type) {
    return ((Map<String, Object>) type.payloadSchema().get("properties")).keySet();
  }

  @Test
  void timersAreRecognised() {
    assertThat(SystemTriggerTypes.isTimer("core.st2.CronTimer")).isTrue();
    assertThat(SystemTriggerTypes.isTimer("core.st2.webhook")).isFalse();
    assertThat(SystemTriggerTypes.byRef("core.nope")).isEmpty();
  }

  @Test
  void webhookUrlsCompareWithoutSurroundingSlashes() {
    assertThat(SystemTriggerTypes.normalizeWebhookUrl("/github/events/"))
        .isEqualTo("github/events");
  }
}
