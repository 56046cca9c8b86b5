package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static dev.squall.engine.runner.TestActions.param;
import static dev.squall.engine.runner.TestActions.positional;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code remote-shell-script} against a real OpenSSH server on two loopback ports. */
class RemoteShellScriptRunnerTest {

  @TempDir static Path dir;
  private static SshdServer sshd;
  private SshConnections ssh;
  private Path pack;
  private Path remoteDir;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = SshdServer.start(dir.resolve("sshd"), 2);
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @BeforeEach
  void writePack() throws Exception {
    ssh = new SshConnections(sshd.settings());
    pack = Files.createDirectories(dir.resolve("pack-" + System.nanoTime()));
    Files.createDirectories(pack.resolve("actions"));
    Files.writeString(pack.resolve("actions/show.sh"), """
        #!/bin/sh
        echo "argc=$#"
        for a in "$@"; do printf '[%s]\\n' "$a"; done
        echo "in=$(pwd)"
        """);
    remoteDir = Files.createDirectories(dir.resolve("remote-" + System.nanoTime()));
  }

  @AfterEach
  void close() {
    ssh.close();
  }

  private RunnerResult run(ActionDef action, Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(Map.of("hosts", sshd.hosts(), "timeout", 30,
        "dir", remoteDir.toString(), "cwd", "/"));
    all.putAll(params);
    return new RemoteShellScriptRunner(RunnerSettings.defaults(), ssh)
        .run(context(action, all, OutputSink.DISCARD));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> host(RunnerResult result, int port) {
    return (Map<String, Object>) result.result().get(SshdServer.HOST + ":" + port);
  }

  @Test
  void runsTheScriptWithNamedAndPositionalParametersAndRemovesIt() throws Exception {
    ActionDef action = action("remote-shell-script", "show.sh", pack,
        positional("first", "string", 0), positional("second", "integer", 1),
        param("name", "string"), param("loud", "boolean"));
    Path marker = dir.resolve("pwned");
    String hostile = "a b'; touch " + marker + " #$(touch " + marker + ")";

    RunnerResult result = run(action, Map.of("first", hostile, "second", 7, "name", "x y",
        "loud", true));

    assertThat(result.status()).as("%s", result.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
    for (int port : sshd.ports()) {
      assertThat(host(result, port)).containsEntry("succeeded", true).containsEntry("stdout",
          "argc=4\n[--name=x y]\n[--loud]\n[" + hostile + "]\n[7]\nin=/");
    }
    assertThat(marker).doesNotExist();
    try (Stream<Path> left = Files.list(remoteDir)) {
      assertThat(left).as("the copied script is removed").isEmpty();
    }
  }

  @Test
  void removesTheScriptWhenItFailsAndReportsItsExitCode() throws Exception {
    Files.writeString(pack.resolve("actions/show.sh"), "#!/bin/sh\necho nope >&2\nexit 4\n");
    RunnerResult result = run(action("remote-shell-script", "show.sh", pack), Map.of());

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(host(result, sshd.ports().get(0))).containsEntry("return_code", 4)
        .containsEntry("stderr", "nope");
    try (Stream<Path> left = Files.list(remoteDir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aScriptOutsideThePackIsRefusedBeforeAnyConnection() throws Exception {
    long before = sshd.logins();
    RunnerResult result = run(action("remote-shell-script", "../../etc/passwd", pack), Map.of());

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) result.result().get("error")).contains("outside the pack directory");
    assertThat(sshd.logins()).isEqualTo(before);
  }
}
