package dev.squall.engine.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.TriggerRef;
import dev.squall.engine.sensor.SensorState.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor's supervisor: starts its process, reads its dispatches (JSON lines on stdout) and
 * logs its stderr, and when the process dies starts it again after a back-off that doubles with
 * each death in a row, so a sensor that crashes at start costs a process every few minutes, not
 * a core. A run of {@code stable_after} forgets the earlier deaths.
 */
final class SensorProcess {

  private static final Logger LOG = LoggerFactory.getLogger(SensorProcess.class);
  private static final int ERROR_LINES = 20;

  /** What the container hears from a sensor. */
  interface Events {
    void dispatched(SensorDef sensor, String trigger, JsonNode payload, String traceTag);

    void spawned(SensorDef sensor, long pid);

    void exited(SensorDef sensor, int exitCode);
  }

  private final SensorDef sensor;
  private final SensorSettings settings;
  private final SensorLauncher launcher;
  private final Events events;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile SensorState state;
  private volatile Process process;
  private Thread supervisor;
  /** The triggers of this sensor's types that rules use; told to the sensor once it runs. */
  private volatile List<TriggerRef> triggers = List.of();
  /** What the live process has been told (add_trigger, not yet remove_trigger); guarded by this. */
  private final Set<TriggerRef> told = new LinkedHashSet<>();
  private SensorLauncher.Launch live;

  SensorProcess(SensorDef sensor, SensorSettings settings, SensorLauncher launcher, Events events,
      Clock clock) {
    this.sensor = sensor;
    this.settings = settings;
    this.launcher = launcher;
    this.events = events;
    this.clock = clock;
    this.state = new SensorState(sensor.ref(), Status.STARTING, 0, null, clock.instant(), null);
  }

  SensorDef sensor() {
    return sensor;
  }

  SensorState state() {
    return state;
  }

  void start() {
    supervisor = Thread.ofVirtual().name("sensor-" + sensor.ref()).start(this::supervise);
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  private void supervise() {
    int deaths = 0;
    String lastError = null;
    while (!stopping()) {
      Instant started = clock.instant();
      Deque<String> stderr = new ArrayDeque<>();
      String error;
      try {
        error = runOnce(deaths, lastError, stderr);
      } catch (InterruptedException e) {
        break;
      }
      if (error == null) {
        break; // stopped on purpose
      }
      boolean stable = Duration.between(started, clock.instant()).compareTo(settings.stableAfter()) >= 0;
      deaths = stable ? 1 : deaths + 1;
      lastError = error;
      Duration wait = settings.backoff(deaths);
      Status status = deaths >= settings.failingAfter() ? Status.FAILING : Status.STARTING;
      state = new SensorState(sensor.ref(), status, deaths, lastError, clock.instant(), null);
      LOG.warn("sensor {} {}; restarting in {} s ({} death(s) in a row{})", sensor.ref(), error,
          wait.toSeconds(), deaths, status == Status.FAILING ? ", failing" : "");
      try {
        if (stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        break;
      }
    }
    state = new SensorState(sensor.ref(), Status.STOPPED, state.deaths(), state.lastError(),
        clock.instant(), null);
  }

  /** One life of the process; returns why it died, or null when it was stopped. */
  private String runOnce(int deaths, String lastError, Deque<String> stderr)
      throws InterruptedException {
    SensorLauncher.Launch launch;
    try {
      launch = launcher.launch(sensor);
    } catch (IOException | RuntimeException e) {
      return "cannot start: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }
    Process p = launch.process();
    try {
      process = p;
      if (stopping()) {
        // stopped while it was being started, before requestStop could see it
        kill(p);
        return null;
      }
      synchronized (this) {
        told.clear();
      }
      Status starting = deaths >= settings.failingAfter() ? Status.FAILING : Status.STARTING;
      state = new SensorState(sensor.ref(), starting, deaths, lastError, clock.instant(), p.pid());
      LOG.info("sensor {} started (pid {})", sensor.ref(), p.pid());
      events.spawned(sensor, p.pid());
      Thread out = Thread.ofVirtual().start(() -> readDispatches(launch, deaths, lastError));
      Thread err = Thread.ofVirtual().start(() -> readLog(p.getErrorStream(), stderr));
      Thread refresh = Thread.ofVirtual().start(() -> refreshTokens(launch));
      int code = p.waitFor();
      refresh.interrupt();
      out.join();
      err.join();
      events.exited(sensor, code);
      if (stopping()) {
        LOG.info("sensor {} stopped (exit code {})", sensor.ref(), code);
        return null;
      }
      String tail;
      synchronized (stderr) {
        tail = String.join("\n", stderr);
      }
      return "exited with code " + code + (tail.isEmpty() ? "" : ": " + tail);
    } finally {
      synchronized (this) {
        live = null;
        told.clear();
      }
      process = null;
      launch.release();
    }
  }

  /** Sets the triggers rules use of this sensor's types; a running sensor hears the difference. */
  synchronized void triggers(List<TriggerRef> mine) {
    triggers = List.copyOf(mine);
    if (live != null) {
      tell();
    }
  }

  /**
   * StackStorm's trigger watcher: {@code add_trigger} for each trigger of the sensor's types a
   * rule uses, {@code remove_trigger} when none does any more (a changed parameter set is another
   * trigger: removed, then added). Called holding this.
   */
  private void tell() {
    List<TriggerRef> wanted = triggers;
    try {
      for (TriggerRef t : List.copyOf(told)) {
        if (!wanted.contains(t)) {
          launcher.send(live, Map.of("type", "remove_trigger", "trigger", trigger(t)));
          told.remove(t);
        }
      }
      for (TriggerRef t : wanted) {
        if (told.add(t)) {
          launcher.send(live, Map.of("type", "add_trigger", "trigger", trigger(t)));
        }
      }
    } catch (IOException e) {
      // the process is ending; a new one is told everything again
    }
  }

  /** A trigger as StackStorm's sensor wrapper hands it to add_trigger (TriggerAPI's fields). */
  static Map<String, Object> trigger(TriggerRef t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.ref());
    m.put("ref", t.ref());
    m.put("uid", "trigger:" + t.pack() + ":" + t.name());
    m.put("name", t.name());
    m.put("pack", t.pack());
    m.put("type", t.type());
    m.put("parameters", t.parameters());
    return m;
  }

  /** Until the process ends: a fresh API token every {@code token_refresh}, the old revoked. */
  private void refreshTokens(SensorLauncher.Launch launch) {
    try {
      while (!stop.await(settings.tokenRefresh().toMillis(), TimeUnit.MILLISECONDS)
          && launch.process().isAlive()) {
        try {
          launcher.refresh(launch);
        } catch (IOException | RuntimeException e) {
          LOG.warn("sensor {}: cannot give it a fresh token: {}", sensor.ref(), e.toString());
        }
      }
    } catch (InterruptedException e) {
      // the process ended
    }
  }

  private void readDispatches(SensorLauncher.Launch launch, int deaths, String lastError) {
    InputStream in = launch.process().getInputStream();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode message;
        try {
          message = json.readTree(line);
        } catch (IOException e) {
          LOG.warn("sensor {} wrote a line that is not a message: {}", sensor.ref(), line);
          continue;
        }
        switch (message.path("type").asText()) {
          case "running" -> {
            state = new SensorState(sensor.ref(), Status.RUNNING, deaths, lastError,
                clock.instant(), state.pid());
            synchronized (this) {
              live = launch;
              tell();
            }
          }
          case "dispatch" -> dispatch(message);
          default -> LOG.warn("sensor {} sent an unknown message: {}", sensor.ref(), line);
        }
      }
    } catch (IOException e) {
      // the process is gone; its exit is handled by the supervisor
    }
  }

  private void dispatch(JsonNode message) {
    try {
      events.dispatched(sensor, message.path("trigger").asText(""), message.get("payload"),
          message.path("trace_tag").isTextual() ? message.path("trace_tag").asText() : null);
    } catch (RuntimeException e) {
      // one failed dispatch must not stop the sensor's others
      LOG.error("sensor {}: dispatching {} failed", sensor.ref(), message.path("trigger").asText(), e);
    }
  }

  private void readLog(InputStream in, Deque<String> tail) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        log(line);
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > ERROR_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /**
   * A stderr line at the level its logger wrote it with (the wrapper's format starts with the
   * level name); print() output and tracebacks at INFO.
   */
  private void log(String line) {
    int space = line.indexOf(' ');
    String level = space < 0 ? "" : line.substring(0, space);
    switch (level) {
      case "DEBUG" -> LOG.debug("sensor {}: {}", sensor.ref(), line.substring(space + 1));
      case "WARNING" -> LOG.warn("sensor {}: {}", sensor.ref(), line.substring(space + 1));
      case "ERROR", "CRITICAL" -> LOG.error("sensor {}: {}", sensor.ref(), line.substring(space + 1));
      case "INFO" -> LOG.info("sensor {}: {}", sensor.ref(), line.substring(space + 1));
      default -> LOG.info("sensor {}: {}", sensor.ref(), line);
    }
  }

  /** Asks the sensor to stop (its cleanup() runs); returns at once. */
  void requestStop() {
    stop.countDown();
    Process p = process;
    if (p != null) {
      try {
        p.getOutputStream().close(); // the wrapper's cue to run cleanup() and exit
      } catch (IOException e) {
        p.destroy();
      }
    }
  }

  /** Kills the process and what it started, and waits a moment for it to be gone. */
  private static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(5, TimeUnit.SECONDS);
  }

  /** Waits for the process to end after {@link #requestStop}, killing its tree after the grace. */
  void awaitStop() {
    Process p = process;
    try {
      if (p != null && !p.waitFor(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("sensor {} did not stop within {} s; killing it", sensor.ref(),
            settings.stopGrace().toSeconds());
        kill(p);
      }
      if (supervisor != null) {
        supervisor.join(Duration.ofSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
