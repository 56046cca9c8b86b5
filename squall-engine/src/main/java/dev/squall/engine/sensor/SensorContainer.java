package dev.squall.engine.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.PayloadCheck;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.core.trigger.TriggerRef;
import dev.squall.core.trigger.TriggerType;
import dev.squall.engine.rules.TriggerDispatcher;
import dev.squall.engine.runner.ActionApiAccess;
import dev.squall.engine.runner.PackVirtualenvs;
import dev.squall.engine.runner.RunnerSettings;
import dev.squall.engine.sensor.SensorState.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StackStorm's sensor container: one process per enabled sensor of the loaded packs
 * ({@link SensorProcess}), kept in step with the packs by {@link #sync}. What a sensor dispatches
 * is checked against its trigger type's {@code payload_schema} (an invalid payload, or a trigger
 * type nobody declares, is logged and dropped, as StackStorm does with
 * {@code validate_trigger_payload}) and goes to the rules engine like every other event, so a
 * rule's parameters meet the payload through the one quoting path. Each process start and exit
 * is also dispatched as {@code core.st2.sensor.process_spawn} / {@code process_exit}.
 */
public final class SensorContainer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SensorContainer.class);

  private final SensorSettings settings;
  private final SensorLauncher launcher;
  private final TriggerDispatcher dispatcher;
  private final Function<String, Optional<TriggerType>> packTriggerTypes;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, SensorDef> known = new LinkedHashMap<>();
  private final Map<String, SensorProcess> running = new LinkedHashMap<>();
  private final SensorProcess.Events events = new Events();
  private List<TriggerRef> ruleTriggers = List.of();
  private boolean closed;

  /**
   * @param packConfig a pack's config with schema defaults applied, by pack name
   * @param api how sensors reach the API (datastore calls) with a token of {@code settings.user()}
   * @param packTriggerTypes the trigger types the loaded packs declare, by ref
   */
  public SensorContainer(SensorSettings settings, RunnerSettings runner, PackVirtualenvs virtualenvs,
      Function<String, Map<String, Object>> packConfig, ActionApiAccess api,
      TriggerDispatcher dispatcher, Function<String, Optional<TriggerType>> packTriggerTypes,
      Clock clock) {
    this.settings = settings;
    this.launcher = new SensorLauncher(runner, virtualenvs, packConfig, api, settings.user());
    this.dispatcher = dispatcher;
    this.packTriggerTypes = packTriggerTypes;
    this.clock = clock;
  }

  /**
   * Brings the processes in line with {@code sensors} (every loaded sensor, switches applied):
   * a new enabled sensor starts, a removed, disabled or changed one stops (a changed one then
   * starts again). {@code restartPacks} names packs whose sensors restart even when their
   * metadata is unchanged (their code may have changed).
   */
  public synchronized void sync(List<SensorDef> sensors, List<String> restartPacks) {
    if (closed) {
      return;
    }
    Map<String, SensorDef> next = new LinkedHashMap<>();
    sensors.forEach(s -> next.putIfAbsent(s.ref(), s));
    List<SensorProcess> stopping = new ArrayList<>();
    running.values().removeIf(p -> {
      SensorDef now = next.get(p.sensor().ref());
      boolean keep = settings.enabled() && now != null && now.enabled() && now.equals(p.sensor())
          && !restartPacks.contains(now.pack());
      if (!keep) {
        stopping.add(p);
      }
      return !keep;
    });
    stopAll(stopping);
    known.clear();
    known.putAll(next);
    if (!settings.enabled()) {
      return;
    }
    for (SensorDef s : next.values()) {
      if (s.enabled() && !running.containsKey(s.ref())) {
        SensorProcess p = new SensorProcess(s, settings, launcher, events, clock);
        p.triggers(triggersOf(s));
        running.put(s.ref(), p);
        p.start();
      }
    }
  }

  /**
   * The triggers the rules use (every rule's, enabled or not, as StackStorm keeps a trigger while
   * any rule refers to it): each running sensor is told, through {@code add_trigger} and
   * {@code remove_trigger}, those of its own trigger types.
   */
  public synchronized void triggers(List<TriggerRef> used) {
    ruleTriggers = used.stream().distinct().toList();
    running.values().forEach(p -> p.triggers(triggersOf(p.sensor())));
  }

  private List<TriggerRef> triggersOf(SensorDef s) {
    List<String> types = s.triggerTypes().stream().map(TriggerType::ref).toList();
    return ruleTriggers.stream().filter(t -> types.contains(t.type())).toList();
  }

  /** The state of every loaded sensor, in the order {@link #sync} was given them. */
  public synchronized List<SensorState> states() {
    return known.values().stream().map(this::stateOf).toList();
  }

  public synchronized Optional<SensorState> state(String ref) {
    return Optional.ofNullable(known.get(ref)).map(this::stateOf);
  }

  private SensorState stateOf(SensorDef s) {
    SensorProcess p = running.get(s.ref());
    if (p != null) {
      return p.state();
    }
    Status status = settings.enabled() && !s.enabled() ? Status.DISABLED : Status.STOPPED;
    return new SensorState(s.ref(), status, 0, null, null, null);
  }

  @Override
  public synchronized void close() {
    closed = true;
    stopAll(new ArrayList<>(running.values()));
    running.clear();
  }

  /** Stops them side by side: each gets its grace at the same time. */
  private static void stopAll(List<SensorProcess> processes) {
    processes.forEach(SensorProcess::requestStop);
    processes.forEach(SensorProcess::awaitStop);
  }

  private Optional<TriggerType> triggerType(String ref) {
    return packTriggerTypes.apply(ref).or(() -> SystemTriggerTypes.byRef(ref));
  }

  private final class Events implements SensorProcess.Events {

    @Override
    @SuppressWarnings("unchecked")
    public void dispatched(SensorDef sensor, String trigger, JsonNode payload, String traceTag) {
      Optional<TriggerType> type = triggerType(trigger);
      if (type.isEmpty()) {
        LOG.warn("sensor {} dispatched trigger \"{}\", a trigger type no pack declares; dropped",
            sensor.ref(), trigger);
        return;
      }
      Object value = payload == null || payload.isNull() ? Map.of() : json.convertValue(payload, Object.class);
      List<String> violations = value instanceof Map<?, ?> ? PayloadCheck.violations(
          type.get().payloadSchema(), value) : List.of("payload must be an object");
      if (!violations.isEmpty()) {
        LOG.warn("sensor {} dispatched an invalid payload for trigger {} ({}); dropped",
            sensor.ref(), trigger, String.join("; ", violations));
        return;
      }
      dispatcher.dispatch(trigger, Map.of(), (Map<String, Object>) value);
    }

    @Override
    public void spawned(SensorDef sensor, long pid) {
      // StackStorm's payload: the class name as id, epoch seconds (+ Squall's ref)
      system(SystemTriggerTypes.SENSOR_PROCESS_SPAWN, Map.of("id", sensor.className(),
          "ref", sensor.ref(), "pid", pid, "timestamp", Instant.now(clock).getEpochSecond()));
    }

    @Override
    public void exited(SensorDef sensor, int exitCode) {
      system(SystemTriggerTypes.SENSOR_PROCESS_EXIT, Map.of("id", sensor.className(),
          "ref", sensor.ref(), "exit_code", exitCode,
          "timestamp", Instant.now(clock).getEpochSecond()));
    }

    private void system(TriggerType type, Map<String, Object> payload) {
      try {
        dispatcher.dispatch(type.ref(), Map.of(), payload);
      } catch (RuntimeException e) {
        LOG.warn("cannot record {}: {}", type.ref(), e.toString());
      }
    }
  }
}
