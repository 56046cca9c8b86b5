package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ProcessGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python actions in children forked by a warm worker, against a real python3. */
class PythonWorkersTest {

  private static final String HEAD = "from st2common.runners.base_action import Action\n"
      + "import os, subprocess, sys, time\n\n";

  /** Prints its own pid and its parent's (the worker's), then returns them. */
  private static final String PIDS = HEAD + "class Pids(Action):\n    def run(self):\n"
      + "        print('pids %d %d' % (os.getpid(), os.getppid()))\n"
      + "        return [os.getpid(), os.getppid()]\n";

  /** Starts a grandchild, prints the pids, then hangs. */
  private static final String HANG = HEAD + "class Hang(Action):\n    def run(self):\n"
      + "        child = subprocess.Popen(['sleep', '300'])\n"
      + "        print('pids %d %d %d' % (os.getpid(), os.getppid(), child.pid))\n"
      + "        time.sleep(300)\n";

  @TempDir Path pack;
  @TempDir Path work;
  private RunnerSettings settings;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(pack.resolve("actions/lib"));
    settings = RunnerSettings.defaults().withWorkDir(work).withKillGrace(Duration.ofSeconds(1));
  }

  private PythonScriptRunner runner(boolean warm, Duration idle) {
    PythonSettings python = PythonSettings.defaults(work.resolve("venvs"))
        .withInterpreter(TestPython.interpreter()).withWarmWorkers(warm, idle);
    return new PythonScriptRunner(settings, new PackVirtualenvs(python, settings),
        name -> Map.of(), ActionApiAccess.NONE);
  }

  private ActionDef actionIn(String file, String code) throws Exception {
    Files.writeString(pack.resolve("actions").resolve(file), code);
    return action("python-script", file, pack);
  }

  private static List<Long> pids(RunnerResult r) {
    return ((List<?>) r.result().get("result")).stream()
        .map(n -> ((Number) n).longValue()).toList();
  }

  /** The pids an action printed on its "pids" line, once it printed it. */
  private static List<Long> awaitPids(TestActions.Lines lines) {
    AtomicReference<String> line = new AtomicReference<>();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      lines.of("stdout").stream().filter(l -> l.startsWith("pids ")).findFirst()
          .ifPresent(line::set);
      return line.get() != null;
    });
    return java.util.Arrays.stream(line.get().substring(5).split(" ")).map(Long::parseLong)
        .toList();
  }

  private static boolean gone(long pid) {
    return ProcessHandle.of(pid).map(h -> !ProcessTree.running(h)).orElse(true);
  }

  @Test
  void executionsRunInSeparateChildrenOfOneWarmWorker() throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofMinutes(1));
    ActionDef a = actionIn("pids.py", PIDS);

    List<Long> first = pids(runner.run(context(a, Map.of(), null)));
    List<Long> second = pids(runner.run(context(a, Map.of(), null)));

    assertThat(first.get(0)).isNotEqualTo(second.get(0));
    assertThat(first.get(1)).isEqualTo(second.get(1))
        .isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void withWarmWorkersOffEachExecutionIsAFreshProcessOfTheServer() throws Exception {
    PythonScriptRunner runner = runner(false, Duration.ofMinutes(1));
    ActionDef a = actionIn("pids.py", PIDS);

    RunnerResult r = runner.run(context(a, Map.of(), null));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(pids(r).get(1)).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void aModuleOfTheWorkerChangedByOneExecutionIsUnchangedForTheNext() throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofMinutes(1));
    ActionDef a = actionIn("mark.py", HEAD + "import json\nimport st2common\n"
        + "COUNT = 0\n\nclass Mark(Action):\n    def run(self):\n        global COUNT\n"
        + "        COUNT += 1\n        seen = [getattr(json, 'mark', None), "
        + "getattr(st2common, 'mark', None), COUNT]\n"
        + "        json.mark = st2common.mark = 'set'\n        return seen\n");

    RunnerResult first = runner.run(context(a, Map.of(), null));
    RunnerResult second = runner.run(context(a, Map.of(), null));

    java.util.ArrayList<Object> fresh = new java.util.ArrayList<>();
    fresh.add(null);
    fresh.add(null);
    fresh.add(1);
    assertThat(first.result()).containsEntry("result", fresh);
    assertThat(second.result()).containsEntry("result", fresh);
  }

  @Test
  void theForkedChildLeadsASessionOfItsOwnAndItsGroupIsRecorded() throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofMinutes(1));
    ActionDef a = actionIn("session.py", HEAD + "class S(Action):\n    def run(self):\n"
        + "        return [os.getpid(), os.getsid(0)]\n");
    List<ProcessGroup> groups = new CopyOnWriteArrayList<>();

    RunnerResult r = runner.run(new RunContext("5f0000000000000000000002", a, Map.of(),
        Map.of(), null, groups::add));

    List<Long> pidAndSession = pids(r);
    assertThat(pidAndSession.get(1)).isEqualTo(pidAndSession.get(0));
    assertThat(groups).singleElement()
        .satisfies(g -> assertThat(g.leader()).isEqualTo(pidAndSession.get(0)));
  }

  @Test
  void aTimeoutKillsTheForkedChildsWholeTreeAndTheWorkerLivesOn() throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofMinutes(1));
    ActionDef a = actionIn("hang.py", HANG);
    TestActions.Lines lines = new TestActions.Lines();

    RunnerResult r = runner.run(context(a, Map.of("timeout", 2), lines));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    List<Long> pids = awaitPids(lines);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> gone(pids.get(0)) && gone(pids.get(2)));
    assertThat(gone(pids.get(1))).isFalse();
    assertThat(runner.run(context(actionIn("pids.py", PIDS), Map.of(), null)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void cancelKillsTheForkedChildsTree() throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofMinutes(1));
    ActionDef a = actionIn("hang.py", HANG);
    TestActions.Lines lines = new TestActions.Lines();
    AtomicReference<RunnerResult> result = new AtomicReference<>();
    Thread running = Thread.ofPlatform().start(() ->
        result.set(runner.run(context(a, Map.of("timeout", 300), lines))));

    List<Long> pids = awaitPids(lines);
    running.interrupt();
    running.join(Duration.ofSeconds(20));

    assertThat(result.get().status()).isEqualTo(ExecutionStatus.CANCELED);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> gone(pids.get(0)) && gone(pids.get(2)));
  }

  @Test
  void aWorkerDyingMidRunFailsThatExecutionClearlyAndTheNextOneGetsANewWorker()
      throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofMinutes(1));
    ActionDef a = actionIn("hang.py", HANG);
    TestActions.Lines lines = new TestActions.Lines();
    AtomicReference<RunnerResult> result = new AtomicReference<>();
    Thread running = Thread.ofPlatform().start(() ->
        result.set(runner.run(context(a, Map.of("timeout", 300), lines))));

    List<Long> pids = awaitPids(lines);
    ProcessHandle.of(pids.get(1)).orElseThrow().destroyForcibly();
    running.join(Duration.ofSeconds(30));

    assertThat(result.get().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) result.get().result().get("error"))
        .contains("Python worker running this action").contains("died");
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> gone(pids.get(0)) && gone(pids.get(2)));
    RunnerResult next = runner.run(context(actionIn("pids.py", PIDS), Map.of(), null));
    assertThat(next.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(pids(next).get(1)).isNotEqualTo(pids.get(1))
        .isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void anIdleWorkerStopsAfterTheIdleTimeout() throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofSeconds(1));

    RunnerResult r = runner.run(context(actionIn("pids.py", PIDS), Map.of(), null));

    long worker = pids(r).get(1);
    assertThat(worker).isNotEqualTo(ProcessHandle.current().pid());
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gone(worker));
  }

  @Test
  void neitherPathWritesBytecodeCachesIntoThePackFolder() throws Exception {
    Files.writeString(pack.resolve("actions/lib/helper.py"), "VALUE = 7\n");
    ActionDef a = actionIn("uses_lib.py", HEAD + "import helper\n\nclass U(Action):\n"
        + "    def run(self):\n        return helper.VALUE\n");

    RunnerResult warm = runner(true, Duration.ofMinutes(1)).run(context(a, Map.of(), null));
    RunnerResult plain = runner(false, Duration.ofMinutes(1)).run(context(a, Map.of(), null));

    assertThat(warm.result()).containsEntry("result", 7);
    assertThat(plain.result()).containsEntry("result", 7);
    try (var all = Files.walk(pack)) {
      assertThat(all.filter(p -> p.getFileName().toString().equals("__pycache__"))).isEmpty();
    }
  }

  @Test
  void aStoppedWorkerLetsItsRunningActionFinishAndThenExits() throws Exception {
    PythonScriptRunner runner = runner(true, Duration.ofMinutes(1));
    ActionDef a = actionIn("slow.py", HEAD + "class Slow(Action):\n    def run(self):\n"
        + "        print('pids %d %d' % (os.getpid(), os.getppid()))\n"
        + "        time.sleep(1.5)\n        return 'done'\n");
    TestActions.Lines lines = new TestActions.Lines();
    AtomicReference<RunnerResult> result = new AtomicReference<>();
    Thread running = Thread.ofPlatform().start(() ->
        result.set(runner.run(context(a, Map.of("timeout", 60), lines))));

    List<Long> pids = awaitPids(lines);
    runner.close();
    running.join(Duration.ofSeconds(30));

    assertThat(result.get().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(result.get().result()).containsEntry("result", "done");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gone(pids.get(1)));
  }

  @Test
  void whereTheWorkerCannotStartEachExecutionStartsItsOwnInterpreter() throws Exception {
    // An interpreter that runs actions but refuses to be a fork server (as where fork is absent)
    Path python = work.resolve("python-without-fork");
    Files.writeString(python, "#!/bin/sh\ncase \"$*\" in *squall_fork_server*)"
        + " echo 'no fork here' >&2; exit 3;; esac\nexec " + TestPython.interpreter()
        + " \"$@\"\n");
    python.toFile().setExecutable(true);
    PythonSettings settings = PythonSettings.defaults(work.resolve("venvs"))
        .withInterpreter(python.toString()).withWarmWorkers(true, Duration.ofMinutes(1));
    PythonScriptRunner runner = new PythonScriptRunner(this.settings,
        new PackVirtualenvs(settings, this.settings), name -> Map.of(), ActionApiAccess.NONE);
    Files.writeString(pack.resolve("actions/pids.py"), PIDS);
    // a system pack: no virtualenv, the configured interpreter itself
    ActionDef a = new ActionDef("core", "pids", "", "python-script", "pids.py", true, Map.of(),
        Map.of(), pack, pack.resolve("actions/pids.yaml"));

    RunnerResult first = runner.run(context(a, Map.of(), null));
    RunnerResult second = runner.run(context(a, Map.of(), null));

    assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(pids(first).get(1)).isEqualTo(ProcessHandle.current().pid());
    assertThat(pids(second).get(1)).isEqualTo(ProcessHandle.current().pid());
  }
}
