package dev.squall.engine.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.RunnerType;
import dev.squall.core.action.Runners;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltinRunnersTest {

  @Test
  void offersTheFiveRunnersByStackStormName() {
    Map<String, Runner> runners = BuiltinRunners.create(RunnerSettings.defaults());

    assertThat(runners).containsOnlyKeys("noop", "local-shell-cmd", "local-shell-script",
        "http-request", "python-script");
    runners.forEach((name, runner) -> assertThat(runner.name()).isEqualTo(name));
    assertThat(runners.get("noop").run(TestActions.context(null, Map.of(), OutputSink.DISCARD))
        .status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void theCoreRunnerCatalogDescribesExactlyTheParametersEachRunnerReads() {
    Map<String, RunnerType> types = new java.util.HashMap<>();
    for (String name : BuiltinRunners.create(RunnerSettings.defaults()).keySet()) {
      RunnerType t = Runners.find(name).orElseThrow();
      assertThat(t.supported()).as(name).isTrue();
      types.put(name, t);
    }
    assertThat(types.get("local-shell-cmd").parameters().keySet())
        .isEqualTo(LocalShellCommandRunner.RUNNER_PARAMETERS);
    assertThat(types.get("local-shell-script").parameters().keySet())
        .isEqualTo(LocalShellScriptRunner.RUNNER_PARAMETERS);
    assertThat(types.get("http-request").parameters().keySet())
        .isEqualTo(HttpRequestRunner.RUNNER_PARAMETERS);
    assertThat(types.get("python-script").parameters().get("timeout").defaultValue())
        .isEqualTo(PythonScriptRunner.DEFAULT_TIMEOUT_SECONDS);
    assertThat(types.get("local-shell-cmd").parameters().get("timeout").defaultValue())
        .isEqualTo(60);
    assertThat(types.get("local-shell-script").parameters().get("kwarg_op").defaultValue())
        .isEqualTo("--");
    assertThat(types.get("http-request").parameters().get("password").secret()).isTrue();
    assertThat(types.get("http-request").parameters().get("url").required()).isTrue();
  }
}
