package dev.squall.core.trigger;

import static dev.squall.core.trigger.Schemas.cronField;
import static dev.squall.core.trigger.Schemas.obj;
import static dev.squall.core.trigger.Schemas.untypedObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trigger types StackStorm registers in the {@code core} pack
 * ({@code st2common/constants/triggers.py}), with their exact refs, descriptions and schemas,
 * so rules written for StackStorm validate the same way and {@code GET /triggertypes} shows the
 * same documents.
 */
public final class SystemTriggerTypes {

  private SystemTriggerTypes() {}

  public static final String PACK = "core";

  private static final Map<String, Object> TIMER_PAYLOAD = obj(
      "type", "object",
      "properties", obj(
          "executed_at", obj("type", "string", "format", "date-time",
              "default", "2014-07-30 05:04:24.578325"),
          "schedule", obj("type", "object", "default", obj("delta", 30, "units", "seconds"))));

  public static final TriggerType WEBHOOK = new TriggerType(PACK, "st2.webhook",
      "Trigger type for registering webhooks that can consume arbitrary payload.",
      obj("type", "object",
          "properties", obj("url", obj("type", "string", "required", true)),
          "additionalProperties", false),
      obj("type", "object"));

  public static final TriggerType INTERVAL_TIMER = new TriggerType(PACK, "st2.IntervalTimer",
      "Triggers on specified intervals. e.g. every 30s, 1week etc.",
      obj("type", "object",
          "properties", obj(
              "timezone", obj("type", "string"),
              "unit", obj("enum", List.of("weeks", "days", "hours", "minutes", "seconds"),
                  "required", true),
              "delta", obj("type", "integer", "required", true)),
          "additionalProperties", false),
      TIMER_PAYLOAD);

  public static final TriggerType DATE_TIMER = new TriggerType(PACK, "st2.DateTimer",
      "Triggers exactly once when the current time matches the specified time. "
          + "e.g. timezone:UTC date:2014-12-31 23:59:59.",
      obj("type", "object",
          "properties", obj(
              "timezone", obj("type", "string"),
              "date", obj("type", "string", "format", "date-time", "required", true)),
          "additionalProperties", false),
      TIMER_PAYLOAD);

  public static final TriggerType CRON_TIMER = new TriggerType(PACK, "st2.CronTimer",
      "Triggers whenever current time matches the specified time constaints like a UNIX cron "
          + "scheduler.",
      obj("type", "object",
          "properties", obj(
              "timezone", obj("type", "string"),
              "year", cronField(null, null),
              "month", cronField(1, 12),
              "day", cronField(1, 31),
              "week", cronField(1, 53),
              "day_of_week", cronField(0, 6),
              "hour", cronField(0, 23),
              "minute", cronField(0, 59),
              "second", cronField(0, 59)),
          "additionalProperties", false),
      TIMER_PAYLOAD);

  public static final TriggerType ACTION_TRIGGER = new TriggerType(PACK,
      "st2.generic.actiontrigger", "Trigger encapsulating the completion of an action execution.",
      Map.of(),
      untypedObject("execution_id", "status", "start_timestamp", "action_name", "action_ref",
          "runner_ref", "parameters", "result"));

  public static final TriggerType NOTIFY_TRIGGER = new TriggerType(PACK,
      "st2.generic.notifytrigger", "Notification trigger.",
      Map.of(),
      untypedObject("execution_id", "status", "start_timestamp", "end_timestamp", "action_ref",
          "runner_ref", "channel", "route", "message", "data"));

  public static final TriggerType FILE_WRITTEN = new TriggerType(PACK, "st2.action.file_written",
      "Trigger encapsulating action file being written on disk.",
      Map.of(),
      untypedObject("ref", "file_path", "host_info"));

  public static final TriggerType INQUIRY = new TriggerType(PACK, "st2.generic.inquiry",
      "Trigger indicating a new \"inquiry\" has entered \"pending\" status",
      Map.of(),
      obj("type", "object",
          "properties", obj(
              "id", obj("type", "string", "description", "ID of the new inquiry.",
                  "required", true),
              "route", obj("type", "string", "description",
                  "An arbitrary value for allowing rules to route to proper notification channel.",
                  "required", true)),
          "additionalProperties", false));

  public static final TriggerType KEY_VALUE_PAIR_CREATE = new TriggerType(PACK,
      "st2.key_value_pair.create", "Trigger encapsulating datastore item creation.",
      Map.of(), untypedObject("object"));

  public static final TriggerType KEY_VALUE_PAIR_UPDATE = new TriggerType(PACK,
      "st2.key_value_pair.update", "Trigger encapsulating datastore set action.",
      Map.of(), untypedObject("object"));

  public static final TriggerType KEY_VALUE_PAIR_VALUE_CHANGE = new TriggerType(PACK,
      "st2.key_value_pair.value_change", "Trigger encapsulating a change of datastore item value.",
      Map.of(), untypedObject("old_object", "new_object"));

  public static final TriggerType KEY_VALUE_PAIR_DELETE = new TriggerType(PACK,
      "st2.key_value_pair.delete", "Trigger encapsulating datastore item deletion.",
      Map.of(), untypedObject("object"));

  public static final TriggerType SENSOR_PROCESS_SPAWN = new TriggerType(PACK,
      "st2.sensor.process_spawn", "Trigger indicating sensor process is started up.",
      Map.of(), untypedObject("object"));

  public static final TriggerType SENSOR_PROCESS_EXIT = new TriggerType(PACK,
      "st2.sensor.process_exit", "Trigger indicating sensor process is stopped.",
      Map.of(), untypedObject("object"));

  private static final List<TriggerType> ALL = List.of(
      WEBHOOK, INTERVAL_TIMER, DATE_TIMER, CRON_TIMER, ACTION_TRIGGER, NOTIFY_TRIGGER,
      FILE_WRITTEN, INQUIRY, KEY_VALUE_PAIR_CREATE, KEY_VALUE_PAIR_UPDATE,
      KEY_VALUE_PAIR_VALUE_CHANGE, KEY_VALUE_PAIR_DELETE, SENSOR_PROCESS_SPAWN,
      SENSOR_PROCESS_EXIT);

  private static final List<TriggerType> TIMERS = List.of(INTERVAL_TIMER, DATE_TIMER, CRON_TIMER);

  /** Every system trigger type, webhook and timers first. */
  public static List<TriggerType> all() {
    return ALL;
  }

  public static Optional<TriggerType> byRef(String ref) {
    return ALL.stream().filter(t -> t.ref().equals(ref)).findFirst();
  }

  public static boolean isTimer(String ref) {
    return TIMERS.stream().anyMatch(t -> t.ref().equals(ref));
  }

  /**
   * A webhook's URL as StackStorm compares it: without leading and trailing slashes, so
   * {@code url: /github/} and {@code POST /api/v1/webhooks/github} meet.
   */
  public static String normalizeWebhookUrl(String url) {
    int start = 0;
    int end = url.length();
    while (start < end && url.charAt(start) == '/') {
      start++;
    }
    while (end > start && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(start, end);
  }
}
