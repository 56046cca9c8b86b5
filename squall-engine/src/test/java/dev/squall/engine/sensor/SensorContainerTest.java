package dev.squall.engine.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.PackLoader;
import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.TriggerRef;
import dev.squall.engine.rules.TriggerDispatcher;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.engine.runner.ActionApiAccess;
import dev.squall.engine.runner.PackVirtualenvs;
import dev.squall.engine.runner.PythonSettings;
import dev.squall.engine.runner.RunnerSettings;
import dev.squall.engine.runner.TestPython;
import dev.squall.engine.sensor.SensorState.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container against real Python sensor processes; dispatches are collected as they leave. */
class SensorContainerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path packs;
  @TempDir Path work;
  private final List<Dispatched> dispatched = new CopyOnWriteArrayList<>();
  private final Catalog catalog = new Catalog();
  private final List<String> revoked = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
  /** Numbered tokens, as the server's grants would be; revocations noted. */
  private final ActionApiAccess tokens = (user, life) -> {
    String token = user + "-token-" + issued.incrementAndGet();
    return new ActionApiAccess.Grant("http://127.0.0.1:9/api/v1", token, () -> revoked.add(token));
  };
  private SensorContainer container;

  private record Dispatched(String type, Map<String, Object> payload) {}

  @BeforeEach
  void setUp() {
    RunnerSettings runner = RunnerSettings.defaults().withWorkDir(work);
    // "core" runs on the interpreter itself (a system pack): no virtualenv to make here
    PackVirtualenvs venvs = new PackVirtualenvs(PythonSettings.defaults(work.resolve("venvs"))
        .withInterpreter(TestPython.interpreter()), runner);
    SensorSettings settings = new SensorSettings(true, "squall", Duration.ofSeconds(1),
        Duration.ofSeconds(4), 2, Duration.ofMinutes(1), Duration.ofSeconds(3), Duration.ofSeconds(1));
    TriggerDispatcher collect = (type, params, payload) -> {
      dispatched.add(new Dispatched(type, payload));
      return new TriggerInstance("id", type, type, params, payload, Instant.now(), "processed");
    };
    container = new SensorContainer(settings, runner, venvs, pack -> Map.of("greeting", "hi"),
        tokens, collect,
        ref -> catalog.triggerTypes().stream().filter(t -> t.ref().equals(ref)).findFirst(),
        Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    container.close();
  }

  /** A "core" pack (no virtualenv needed) with one sensor and its trigger type. */
  private List<SensorDef> pack(String className, String code, String extraYaml) throws Exception {
    Path dir = packs.resolve("core");
    Files.createDirectories(dir.resolve("sensors"));
    Files.writeString(dir.resolve("pack.yaml"), "name: core\nversion: 1.0.0\n");
    Files.writeString(dir.resolve("sensors").resolve(className.toLowerCase() + ".py"), code);
    Files.writeString(dir.resolve("sensors").resolve(className.toLowerCase() + ".yaml"),
        "class_name: " + className + "\nentry_point: " + className.toLowerCase() + ".py\n"
            + extraYaml + "trigger_types:\n  - name: event\n    payload_schema:\n"
            + "      type: object\n      properties:\n        n: {type: integer, required: true}\n"
            + "      additionalProperties: false\n");
    catalog.put(new PackLoader().load(dir));
    return catalog.sensors();
  }

  private static final String POLLER = """
      import os
      from st2reactor.sensor.base import PollingSensor

      class Poller(PollingSensor):
          def setup(self):
              self.n = 0
              self._logger = self.sensor_service.get_logger(__name__)
          def poll(self):
              self.n += 1
              if self.n == 1:
                  print("print() output is not a dispatch")
                  self.sensor_service.dispatch(trigger="core.event", payload={"n": "one"})
                  self.sensor_service.dispatch(trigger="core.nobody", payload={"n": 1})
                  self.sensor_service.dispatch("core.event", {"n": 1, "config": 2})
                  self.sensor_service.dispatch("core.event", {"n": 1}, trace_tag="t1")
                  self._logger.info("config greeting %s", self.config["greeting"])
          def cleanup(self):
              open(os.environ["MARKER"], "w").write("cleaned up")
          def add_trigger(self, trigger): pass
          def update_trigger(self, trigger): pass
          def remove_trigger(self, trigger): pass
      """;

  @Test
  void aPollingSensorsValidDispatchReachesTheRulesAndInvalidOnesAreDropped() throws Exception {
    container.sync(pack("Poller", POLLER, "poll_interval: 1\n"), List.of());

    await().atMost(WAIT).until(() -> dispatched.stream().anyMatch(d -> d.type().equals("core.event")));
    await().atMost(WAIT).until(() -> container.state("core.Poller").orElseThrow().status() == Status.RUNNING);
    // the wrong type, the unknown trigger and the unknown field came first, and went nowhere
    assertThat(dispatched).filteredOn(d -> !d.type().startsWith("core.st2.sensor"))
        .containsExactly(new Dispatched("core.event", Map.of("n", 1)));
    assertThat(dispatched).first().satisfies(d -> {
      assertThat(d.type()).isEqualTo("core.st2.sensor.process_spawn");
      assertThat(d.payload()).containsEntry("id", "Poller").containsKey("pid");
    });
  }

  private static final String CRASHER = """
      from st2reactor.sensor.base import Sensor

      class Crasher(Sensor):
          def setup(self):
              raise RuntimeError("boom: cannot reach the service")
          def run(self): pass
          def cleanup(self): pass
          def add_trigger(self, trigger): pass
          def update_trigger(self, trigger): pass
          def remove_trigger(self, trigger): pass
      """;

  @Test
  void aSensorThatCrashesAtStartIsRestartedWithBackOffAndReportedFailing() throws Exception {
    container.sync(pack("Crasher", CRASHER, ""), List.of());

    await().atMost(WAIT).until(() -> container.state("core.Crasher").orElseThrow().status() == Status.FAILING);

    SensorState s = container.state("core.Crasher").orElseThrow();
    assertThat(s.deaths()).isGreaterThanOrEqualTo(2);
    assertThat(s.lastError()).startsWith("exited with code 1")
        .contains("RuntimeError: boom: cannot reach the service");
    assertThat(dispatched).filteredOn(d -> d.type().equals("core.st2.sensor.process_spawn"))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(dispatched).filteredOn(d -> d.type().equals("core.st2.sensor.process_exit"))
        .allSatisfy(d -> assertThat(d.payload()).containsEntry("exit_code", 1));
  }

  @Test
  void aDisabledSensorDoesNotRunAndARemovedOneIsStoppedWithItsCleanup() throws Exception {
    Path marker = work.resolve("marker");
    List<SensorDef> sensors = pack("Poller", POLLER.replace("os.environ[\"MARKER\"]",
        "\"" + marker + "\""), "poll_interval: 1\n");
    container.sync(sensors.stream().map(s -> s.withEnabled(false)).toList(), List.of());
    assertThat(container.states()).singleElement()
        .satisfies(s -> assertThat(s.status()).isEqualTo(Status.DISABLED));

    container.sync(sensors, List.of());
    await().atMost(WAIT).until(() -> container.state("core.Poller").orElseThrow().status() == Status.RUNNING);
    Long pid = container.state("core.Poller").orElseThrow().pid();

    container.sync(List.of(), List.of());

    assertThat(container.states()).isEmpty();
    assertThat(marker).hasContent("cleaned up");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aReloadedPackRestartsItsSensors() throws Exception {
    List<SensorDef> sensors = pack("Poller", POLLER, "poll_interval: 1\n");
    container.sync(sensors, List.of());
    await().atMost(WAIT).until(() -> container.state("core.Poller").orElseThrow().status() == Status.RUNNING);
    Long first = container.state("core.Poller").orElseThrow().pid();

    container.sync(sensors, List.of("core"));

    await().atMost(WAIT).until(() -> container.state("core.Poller").orElseThrow().status() == Status.RUNNING);
    assertThat(container.state("core.Poller").orElseThrow().pid()).isNotEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  private static final String TOKENS = """
      import os
      from st2reactor.sensor.base import PollingSensor

      class Tokens(PollingSensor):
          def setup(self): pass
          def poll(self):
              token = os.environ["ST2_ACTION_AUTH_TOKEN"]
              self.sensor_service.dispatch("core.event", {"n": int(token.rsplit("-", 1)[1])})
          def cleanup(self): pass
          def add_trigger(self, trigger): pass
          def update_trigger(self, trigger): pass
          def remove_trigger(self, trigger): pass
      """;

  @Test
  void aRunningSensorGetsAFreshTokenAndTheOldOneIsRevoked() throws Exception {
    container.sync(pack("Tokens", TOKENS, "poll_interval: 1\n"), List.of());

    await().atMost(WAIT).until(() -> dispatched.stream().anyMatch(d -> d.type().equals("core.event")
        && ((Number) d.payload().get("n")).intValue() >= 2));

    assertThat(dispatched).filteredOn(d -> d.type().equals("core.event")).first()
        .satisfies(d -> assertThat(d.payload()).containsEntry("n", 1));
    assertThat(revoked).contains("squall-token-1");
    container.close();
    assertThat(revoked).as("the last token goes with the process").hasSize(issued.get());
  }

  @Test
  void withTheContainerSwitchedOffNoSensorRunsAndEachIsListedStopped() throws Exception {
    SensorSettings off = new SensorSettings(false, "squall", Duration.ofSeconds(1),
        Duration.ofSeconds(4), 2, Duration.ofMinutes(1), Duration.ofSeconds(3), Duration.ofHours(1));
    RunnerSettings runner = RunnerSettings.defaults().withWorkDir(work);
    try (SensorContainer none = new SensorContainer(off, runner, new PackVirtualenvs(
        PythonSettings.defaults(work.resolve("venvs")), runner), pack -> Map.of(), tokens,
        (type, params, payload) -> {
          throw new AssertionError("nothing may dispatch");
        }, ref -> Optional.empty(), Clock.systemUTC())) {
      none.sync(pack("Poller", POLLER, "poll_interval: 1\n"), List.of());

      assertThat(none.states()).singleElement().satisfies(st -> {
        assertThat(st.status()).isEqualTo(Status.STOPPED);
        assertThat(st.pid()).isNull();
      });
      assertThat(issued).hasValue(0);
    }
  }

  private static final String WATCHER = """
      from st2reactor.sensor.base import PollingSensor

      class Watcher(PollingSensor):
          def setup(self): pass
          def poll(self): pass
          def cleanup(self): pass
          def add_trigger(self, trigger):
              assert trigger["type"] == "core.event" and trigger["ref"].startswith("core.")
              self.sensor_service.dispatch("core.event", {"n": 100 + trigger["parameters"]["k"]})
          def update_trigger(self, trigger): pass
          def remove_trigger(self, trigger):
              self.sensor_service.dispatch("core.event", {"n": 200 + trigger["parameters"]["k"]})
      """;

  @Test
  void aSensorIsToldTheTriggersOfItsTypesThatRulesUseAsTheyComeAndGo() throws Exception {
    container.triggers(List.of(TriggerRef.of("core.event", Map.of("k", 1)),
        TriggerRef.of("core.st2.webhook", Map.of("url", "not-its-type"))));
    container.sync(pack("Watcher", WATCHER, "poll_interval: 1\n"), List.of());
    await().atMost(WAIT).until(() -> events().contains(101));

    container.triggers(List.of(TriggerRef.of("core.event", Map.of("k", 2))));

    await().atMost(WAIT).until(() -> events().contains(102));
    assertThat(events()).containsExactly(101, 201, 102);
  }

  private List<Integer> events() {
    return dispatched.stream().filter(d -> d.type().equals("core.event"))
        .map(d -> ((Number) d.payload().get("n")).intValue()).toList();
  }

  @Test
  void backOffDoublesUpToItsLimit() {
    SensorSettings s = new SensorSettings(true, "squall", Duration.ofSeconds(1),
        Duration.ofSeconds(10), 3, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofHours(1));
    assertThat(List.of(1, 2, 3, 4, 5, 50)).extracting(s::backoff).containsExactly(
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
        Duration.ofSeconds(10), Duration.ofSeconds(10));
  }
}
