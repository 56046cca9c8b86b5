package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static dev.squall.engine.runner.TestActions.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StackStorm's python-script contract, against a real python3. */
class PythonScriptRunnerTest {

  @TempDir Path pack;
  @TempDir Path work;
  private final Map<String, Map<String, Object>> configs = new HashMap<>();
  private PythonScriptRunner runner;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(pack.resolve("actions/lib"));
    RunnerSettings settings = RunnerSettings.defaults().withWorkDir(work)
        .withKillGrace(Duration.ofSeconds(1));
    runner = new PythonScriptRunner(settings, new PackVirtualenvs(PythonSettings.defaults(
        work.resolve("venvs")).withInterpreter(TestPython.interpreter()), settings),
        name -> configs.getOrDefault(name, Map.of()), ActionApiAccess.NONE);
  }

  private ActionDef actionIn(String file, String code, String... params) throws Exception {
    Files.writeString(pack.resolve("actions").resolve(file), code);
    return action("python-script", file, pack,
        java.util.Arrays.stream(params).map(p -> param(p, "string"))
            .toArray(dev.squall.core.action.ParameterSpec[]::new));
  }

  private static final String HEAD = "from st2common.runners.base_action import Action\n\n";

  @Test
  void callsRunWithEveryDeclaredParameterAbsentOnesAsNone() throws Exception {
    ActionDef a = actionIn("echo.py", HEAD
        + "class Echo(Action):\n    def run(self, **kwargs):\n        return kwargs\n",
        "given", "absent");

    RunnerResult r = runner.run(context(a, Map.of("given", "x", "timeout", 30), null));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> expected = new HashMap<>();
    expected.put("given", "x");
    expected.put("absent", null);
    assertThat(r.result()).containsEntry("result", expected).containsEntry("exit_code", 0)
        .containsEntry("stdout", "").containsEntry("stderr", "");
  }

  @Test
  void aFalseStatusFailsWithItsResultAndATrueOneSucceeds() throws Exception {
    ActionDef no = actionIn("no.py", HEAD
        + "class No(Action):\n    def run(self):\n        return (False, {'why': 'down'})\n");
    ActionDef yes = actionIn("yes.py", HEAD
        + "class Yes(Action):\n    def run(self):\n        return True, 'Success'\n");

    RunnerResult failed = runner.run(context(no, Map.of(), null));
    RunnerResult ok = runner.run(context(yes, Map.of(), null));

    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.result()).containsEntry("result", Map.of("why", "down"))
        .containsEntry("exit_code", 0);
    assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(ok.result()).containsEntry("result", "Success");
  }

  @Test
  void aPairWhoseStatusIsNotABoolIsARunnerError() throws Exception {
    ActionDef a = actionIn("pair.py", HEAD
        + "class Pair(Action):\n    def run(self):\n        return ('succeeded', [1])\n");

    RunnerResult r = runner.run(context(a, Map.of(), null));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.result()).containsEntry("exit_code", PythonScriptRunner.INVALID_STATUS_EXIT_CODE);
    assertThat((String) r.result().get("error")).contains("must be (bool, result)");
  }

  @Test
  void anExceptionFailsWithTheTracebackInStderrAndTheResultNone() throws Exception {
    ActionDef a = actionIn("boom.py", HEAD + "class Boom(Action):\n    def run(self):\n"
        + "        print('before')\n        raise ValueError('it broke')\n");

    RunnerResult r = runner.run(context(a, Map.of(), null));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.result()).containsEntry("result", "None").containsEntry("exit_code", 1)
        .containsEntry("stdout", "before");
    assertThat((String) r.result().get("stderr")).contains("Traceback (most recent call last)")
        .endsWith("ValueError: it broke");
  }

  @Test
  void configIsThePacksAndAMissingKeyIsAValueError() throws Exception {
    configs.put("tests", Map.of("region", "eu"));
    ActionDef a = actionIn("conf.py", HEAD + "class Conf(Action):\n    def run(self):\n"
        + "        return [self.config['region'], self.config.get('nope')]\n");
    ActionDef missing = actionIn("missing.py", HEAD + "class Missing(Action):\n"
        + "    def run(self):\n        return self.config['nope']\n");

    assertThat(runner.run(context(a, Map.of(), null)).result())
        .containsEntry("result", java.util.Arrays.asList("eu", null));
    RunnerResult r = runner.run(context(missing, Map.of(), null));
    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) r.result().get("stderr"))
        .contains("ValueError: Config for pack \"tests\" is missing key \"nope\"");
  }

  @Test
  void printsAndLoggerLinesStreamLiveButTheResultEnvelopeDoesNot() throws Exception {
    ActionDef a = actionIn("talk.py", HEAD + "class Talk(Action):\n    def run(self):\n"
        + "        print('hello')\n        self.logger.info('working')\n"
        + "        self.logger.debug('details')\n        return 1\n");
    TestActions.Lines lines = new TestActions.Lines();

    RunnerResult r = runner.run(context(a, Map.of("log_level", "INFO"), lines));

    assertThat(r.result()).containsEntry("result", 1).containsEntry("stdout", "hello\n");
    assertThat(lines.of("stdout")).containsExactly("hello");
    assertThat(lines.of("stderr")).containsExactly("actions.python.Talk: INFO     working");
  }

  @Test
  void runsTheFirstClassByNameDefinedInTheFileWithLibImportsAndAnOldConstructor() throws Exception {
    Files.writeString(pack.resolve("actions/lib/__init__.py"), "");
    Files.writeString(pack.resolve("actions/lib/base.py"), HEAD
        + "import helper\n\nclass Base(Action):\n    def __init__(self, config):\n"
        + "        super(Base, self).__init__(config)\n    def run(self):\n"
        + "        return helper.NAME + ':' + type(self).__name__\n");
    Files.writeString(pack.resolve("actions/lib/helper.py"), "NAME = 'lib'\n");
    ActionDef a = actionIn("two.py", "from lib import base\n\n"
        + "class Zed(base.Base):\n    pass\n\nclass Alpha(base.Base):\n    pass\n\n"
        + "class NotAnAction(object):\n    pass\n");

    RunnerResult r = runner.run(context(a, Map.of(), null));

    assertThat(r.status()).as("%s", r.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result()).containsEntry("result", "lib:Alpha");
  }

  @Test
  void aFileWithoutAnActionClassFailsSayingSo() throws Exception {
    ActionDef a = actionIn("none.py", "print('test!')\n");

    RunnerResult r = runner.run(context(a, Map.of(), null));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.result()).containsEntry("stdout", "test!").containsEntry("exit_code", 1);
    assertThat((String) r.result().get("stderr")).contains("Failed to load action class from file",
        "Found no classes in plugin file");
  }

  @Test
  void aResultJsonCannotHoldIsKeptAsStackStormsReprText() throws Exception {
    ActionDef a = actionIn("keys.py", HEAD
        + "class Keys(Action):\n    def run(self):\n        return {1: 2}\n");

    RunnerResult r = runner.run(context(a, Map.of(), null));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result()).containsEntry("result", "{1: 2}, 'status': None}");
  }

  @Test
  void aUserPythonpathIsDroppedAndTheEnvParameterReachesTheAction() throws Exception {
    ActionDef a = actionIn("env.py", HEAD + "import os\n\nclass Env(Action):\n"
        + "    def run(self):\n        return [os.environ.get('COLOR'), "
        + "'/elsewhere' in os.environ['PYTHONPATH']]\n");

    RunnerResult r = runner.run(context(a,
        Map.of("env", Map.of("COLOR", "blue", "PYTHONPATH", "/elsewhere")), null));

    assertThat(r.result()).containsEntry("result", List.of("blue", false));
  }

  @Test
  void aHangingActionIsKilledAtItsTimeoutWithItsWholeProcessTree() throws Exception {
    Path pidFile = work.resolve("child.pid");
    ActionDef a = actionIn("hang.py", HEAD + "import subprocess, time\n\nclass Hang(Action):\n"
        + "    def run(self, pid_file):\n"
        + "        child = subprocess.Popen(['sleep', '300'])\n"
        + "        open(pid_file, 'w').write(str(child.pid))\n"
        + "        time.sleep(300)\n", "pid_file");

    RunnerResult r = runner.run(context(a, Map.of("pid_file", pidFile.toString(), "timeout", 2),
        null));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.result()).containsEntry("exit_code", -9).containsEntry("result", "None")
        .containsEntry("error", "Action failed to complete in 2 seconds");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void secretsInParametersNeverReachTheCommandLine() throws Exception {
    ActionDef a = actionIn("argv.py", HEAD + "import sys\n\nclass Argv(Action):\n"
        + "    def run(self, password):\n        return [password, ' '.join(sys.argv)]\n",
        "password");

    RunnerResult r = runner.run(context(a, Map.of("password", "hunter2"), null));

    List<?> out = (List<?>) r.result().get("result");
    assertThat(out.get(0)).isEqualTo("hunter2");
    assertThat((String) out.get(1)).doesNotContain("hunter2");
    try (var left = Files.list(work)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("python-input-")))
          .isEmpty();
    }
  }
}
