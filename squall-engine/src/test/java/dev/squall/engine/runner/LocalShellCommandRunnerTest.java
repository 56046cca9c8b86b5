package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.execution.model.ExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalShellCommandRunnerTest {

  @TempDir Path work;

  private RunnerSettings settings() {
    return RunnerSettings.defaults().withWorkDir(work).withKillGrace(Duration.ofSeconds(2));
  }

  private RunnerResult run(Map<String, Object> params, OutputSink sink) {
    return new LocalShellCommandRunner(settings())
        .run(context(action("local-shell-cmd", "", null), params, sink));
  }

  private RunnerResult run(String cmd) {
    return run(Map.of("cmd", cmd), OutputSink.DISCARD);
  }

  @Test
  void echoSucceedsWithStackStormResultShape() {
    RunnerResult r = run("echo hi");

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result()).containsOnly(
        Map.entry("stdout", "hi"), Map.entry("stderr", ""), Map.entry("return_code", 0),
        Map.entry("succeeded", true), Map.entry("failed", false));
  }

  @Test
  void failingCommandFailsWithStderrAndReturnCode() {
    RunnerResult r = run("echo partial; echo 'it broke' >&2; exit 3");

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.result()).containsEntry("stdout", "partial").containsEntry("stderr", "it broke")
        .containsEntry("return_code", 3).containsEntry("succeeded", false)
        .containsEntry("failed", true);
  }

  @Test
  void stripsOnlyTheLastNewlineLikeStackStorm() {
    assertThat(run("printf 'a\\n\\n'").result()).containsEntry("stdout", "a\n");
    assertThat(run("printf 'a\\r\\n'").result()).containsEntry("stdout", "a");
    assertThat(run("printf 'no newline'").result()).containsEntry("stdout", "no newline");
  }

  @Test
  void timeoutKillsTheWholeTreeAndReportsStackStormsTimeoutResult() {
    TestActions.Lines lines = new TestActions.Lines();
    Map<String, Object> params = Map.of("cmd", "sleep 300 & echo \"$$ $!\"; sleep 300",
        "timeout", 1);

    RunnerResult r = run(params, lines);

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.result()).containsEntry("return_code", -9).containsEntry("failed", true)
        .containsEntry("succeeded", false)
        .containsEntry("error", "Action failed to complete in 1 seconds");
    assertNoneRunning(lines.of("stdout").getFirst());
  }

  @Test
  void timeoutAlsoKillsABackgroundChildThatOutlivedItsParent() {
    TestActions.Lines lines = new TestActions.Lines();
    // the shell exits at once; its orphaned child keeps stdout open until the deadline
    Map<String, Object> params = Map.of("cmd", "sleep 300 & echo \"$!\"", "timeout", 1);

    RunnerResult r = run(params, lines);

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertNoneRunning(lines.of("stdout").getFirst());
  }

  @Test
  void processesThatIgnoreTermAreKilledAfterTheGracePeriod() {
    TestActions.Lines lines = new TestActions.Lines();
    RunnerSettings quick = settings().withKillGrace(Duration.ofMillis(300));
    // an ignored signal stays ignored in children, so both the shell and sleep ignore TERM
    Map<String, Object> params = Map.of("cmd",
        "trap '' TERM; sleep 300 & echo \"$$ $!\"; sleep 300", "timeout", 1);

    RunnerResult r = new LocalShellCommandRunner(quick)
        .run(context(action("local-shell-cmd", "", null), params, lines));

    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertNoneRunning(lines.of("stdout").getFirst());
  }

  @Test
  void interruptCancelsAndKillsTheWholeTree() throws Exception {
    TestActions.Lines lines = new TestActions.Lines();
    AtomicReference<RunnerResult> result = new AtomicReference<>();
    AtomicReference<Boolean> interruptKept = new AtomicReference<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      result.set(run(Map.of("cmd", "sleep 300 & echo \"$$ $!\"; sleep 300"), lines));
      interruptKept.set(Thread.currentThread().isInterrupted());
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> !lines.of("stdout").isEmpty());

    caller.interrupt();
    caller.join(Duration.ofSeconds(20));

    assertThat(caller.isAlive()).isFalse();
    assertThat(result.get().status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(result.get().result()).containsEntry("failed", true);
    assertThat(interruptKept.get()).isTrue();
    assertNoneRunning(lines.of("stdout").getFirst());
  }

  @Test
  void streamsLinesInOrderBeforeTheCommandEnds() throws Exception {
    Path go = work.resolve("go");
    TestActions.Lines lines = new TestActions.Lines();
    AtomicReference<RunnerResult> result = new AtomicReference<>();
    String cmd = "echo one; echo err >&2; echo two; while [ ! -f '" + go
        + "' ]; do sleep 0.05; done; echo three";
    Thread caller = Thread.ofVirtual().start(() -> result.set(run(Map.of("cmd", cmd), lines)));

    await().atMost(Duration.ofSeconds(10))
        .until(() -> lines.of("stdout").equals(List.of("one", "two")));
    assertThat(caller.isAlive()).isTrue();
    assertThat(lines.of("stderr")).containsExactly("err");
    Files.createFile(go);
    caller.join(Duration.ofSeconds(10));

    assertThat(lines.of("stdout")).containsExactly("one", "two", "three");
    assertThat(result.get().result()).containsEntry("stdout", "one\ntwo\nthree");
  }

  @Test
  void capsCapturedOutputAndSaysSo() {
    RunnerSettings small = settings().withMaxOutputChars(100);
    TestActions.Lines lines = new TestActions.Lines();
    RunnerResult r = new LocalShellCommandRunner(small).run(context(action("local-shell-cmd", "",
        null), Map.of("cmd", "for i in $(seq 1 200); do echo line$i; done"), lines));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String stdout = (String) r.result().get("stdout");
    assertThat(stdout).startsWith("line1\nline2\n").contains("output truncated at 100 characters")
        .doesNotContain("line200");
    assertThat(stdout.length()).isLessThan(200);
    assertThat(lines.of("stdout")).doesNotContain("line200").last().asString()
        .contains("truncated");
  }

  @Test
  void passesEnvAndStackStormVariablesButNotTheServersEnvironment() {
    Map<String, Object> params = Map.of("cmd",
        "echo \"$GREETING|$ST2_ACTION_PACK_NAME|$ST2_ACTION_EXECUTION_ID|${SQUALL_REPO_ROOT:-unset}\"",
        "env", Map.of("GREETING", "hello world"));

    RunnerResult r = run(params, OutputSink.DISCARD);

    assertThat(r.result())
        .containsEntry("stdout", "hello world|tests|5f0000000000000000000001|unset");
  }

  @Test
  void exportsTheApiUrlWhenConfigured() {
    RunnerResult r = new LocalShellCommandRunner(settings().withApiUrl("http://127.0.0.1:9101"))
        .run(context(action("local-shell-cmd", "", null),
            Map.of("cmd", "echo $ST2_ACTION_API_URL"), OutputSink.DISCARD));

    assertThat(r.result()).containsEntry("stdout", "http://127.0.0.1:9101");
  }

  @Test
  void runsInTheGivenWorkingDirectory() throws Exception {
    Path dir = Files.createDirectory(work.resolve("elsewhere"));

    assertThat(run(Map.of("cmd", "pwd", "cwd", dir.toString()), OutputSink.DISCARD).result())
        .containsEntry("stdout", dir.toRealPath().toString());
    assertThat(run("pwd").result()).containsEntry("stdout", work.toRealPath().toString());
  }

  @Test
  void missingWorkingDirectoryFailsWithAClearError() {
    RunnerResult r = run(Map.of("cmd", "true", "cwd", "/nonexistent/dir"), OutputSink.DISCARD);

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) r.result().get("error")).contains("Cannot start /bin/bash");
  }

  @Test
  void sudoRunsOnlyWithPasswordlessSudoAndOtherwiseSaysWhy() {
    RunnerResult r = run(Map.of("cmd", "id -u", "sudo", true), OutputSink.DISCARD);

    if (sudoWorks()) {
      assertThat(r.result()).containsEntry("stdout", "0");
    } else {
      assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat((String) r.result().get("error"))
          .contains("passwordless sudo is not available");
    }
  }

  @Test
  void refusesAnEntryPoint() {
    RunnerResult r = new LocalShellCommandRunner(settings()).run(context(
        action("local-shell-cmd", "script.sh", work), Map.of("cmd", "true"), OutputSink.DISCARD));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) r.result().get("error"))
        .contains("entry_point is only valid for local-shell-script runner");
  }

  @Test
  void requiresCmd() {
    RunnerResult r = run(new HashMap<>(), OutputSink.DISCARD);

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) r.result().get("error")).contains("\"cmd\" is required");
  }

  static void assertNoneRunning(String pidLine) {
    for (String pid : pidLine.trim().split("\\s+")) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(p ->
          assertThat(ProcessTree.running(p)).as("process %s still running", pid).isFalse());
    }
  }

  private static boolean sudoWorks() {
    try {
      Process p = new ProcessBuilder("sudo", "-n", "true").start();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
