package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.core.template.ShellQuoting;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code remote-shell-cmd} against a real OpenSSH server on three loopback ports. */
class RemoteShellCommandRunnerTest {

  @TempDir static Path dir;
  private static SshdServer sshd;
  private SshConnections ssh;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = SshdServer.start(dir, 3);
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @AfterEach
  void closeConnections() {
    if (ssh != null) {
      ssh.close();
    }
  }

  private RunnerResult run(SshSettings settings, Map<String, Object> params, OutputSink sink) {
    ssh = ssh != null ? ssh : new SshConnections(settings);
    Map<String, Object> all = new HashMap<>(Map.of("timeout", 30));
    all.putAll(params);
    return new RemoteShellCommandRunner(RunnerSettings.defaults(), ssh)
        .run(context(action("remote-shell-cmd", null, null), all, sink));
  }

  private RunnerResult run(Map<String, Object> params) {
    return run(sshd.settings(), params, OutputSink.DISCARD);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> host(RunnerResult result, int port) {
    return (Map<String, Object>) result.result().get(SshdServer.HOST + ":" + port);
  }

  @Test
  void runsOnEveryHostAndReturnsOneResultPerHost() {
    TestActions.Lines lines = new TestActions.Lines();
    RunnerResult result = run(sshd.settings(), Map.of("hosts", sshd.hosts(),
        "cmd", "echo \"hi from port ${SSH_CONNECTION##* }\"; echo warn >&2"), lines);

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(result.result()).hasSize(3);
    for (int port : sshd.ports()) {
      assertThat(host(result, port)).containsEntry("stdout", "hi from port " + port)
          .containsEntry("stderr", "warn").containsEntry("return_code", 0)
          .containsEntry("succeeded", true).containsEntry("failed", false);
      assertThat(lines.of("stdout")).contains("[127.0.0.1:" + port + "] hi from port " + port);
    }
  }

  @Test
  void oneFailingHostFailsTheExecutionAndKeepsTheOthersOutput() throws IOException {
    int bad = sshd.ports().get(1);
    int nobody = SshdServer.freePort();
    RunnerResult result = run(Map.of("hosts", sshd.hosts() + "," + SshdServer.HOST + ":" + nobody,
        "cmd", "if [ \"${SSH_CONNECTION##* }\" = " + bad + " ]; then echo broken >&2; exit 3; fi;"
            + " echo fine"));

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(host(result, bad)).containsEntry("return_code", 3).containsEntry("stderr", "broken")
        .containsEntry("failed", true);
    assertThat(host(result, sshd.ports().get(0))).containsEntry("stdout", "fine")
        .containsEntry("succeeded", true);
    assertThat(host(result, sshd.ports().get(2))).containsEntry("stdout", "fine");
    assertThat(host(result, nobody)).containsEntry("failed", true).containsEntry("return_code", 255);
    assertThat((String) host(result, nobody).get("error")).contains("Cannot run on 127.0.0.1:" + nobody);
  }

  @Test
  void timeoutKillsTheRemoteProcess() throws Exception {
    int port = sshd.ports().get(0);
    RunnerResult result = run(Map.of("hosts", SshdServer.HOST + ":" + port,
        "cmd", "echo started; sleep 31337; echo never", "timeout", 1));

    assertThat(result.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(host(result, port)).containsEntry("return_code", -9).containsEntry("timeout", true)
        .containsEntry("stdout", "started");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(sleeping("31337")).as("the remote sleep is killed").isEmpty());
  }

  @Test
  void cancelKillsTheRemoteProcess() throws Exception {
    int port = sshd.ports().get(2);
    TestActions.Lines lines = new TestActions.Lines();
    CompletableFuture<RunnerResult> running = new CompletableFuture<>();
    Thread runner = Thread.ofVirtual().start(() -> running.complete(run(sshd.settings(),
        Map.of("hosts", SshdServer.HOST + ":" + port, "cmd", "echo started; sleep 31338"), lines)));
    await().atMost(Duration.ofSeconds(20)).until(() -> !lines.all.isEmpty());
    runner.interrupt();
    RunnerResult result = running.get(60, TimeUnit.SECONDS);

    assertThat(result.status()).isEqualTo(ExecutionStatus.CANCELED);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(sleeping("31338")).as("the remote sleep is killed").isEmpty());
  }

  @Test
  void refusesAnUnknownHostKeyNamingItsFingerprint() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
    int port = sshd.ports().get(0);
    RunnerResult result = run(sshd.settings().withKnownHosts(empty, Set.of()),
        Map.of("hosts", SshdServer.HOST + ":" + port, "cmd", "touch " + dir.resolve("ran")),
        OutputSink.DISCARD);

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) host(result, port).get("error")).contains("unknown")
        .contains(sshd.hostKeyFingerprint());
    assertThat(dir.resolve("ran")).doesNotExist();
  }

  @Test
  void trustsAnUnknownHostOnFirstUseWhenListedAndRemembersIt() throws Exception {
    Path known = Files.writeString(dir.resolve("tofu_known_hosts"), "");
    int port = sshd.ports().get(1);
    RunnerResult result = run(sshd.settings().withKnownHosts(known, Set.of(SshdServer.HOST)),
        Map.of("hosts", SshdServer.HOST + ":" + port, "cmd", "echo ok"), OutputSink.DISCARD);

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String hostKey = Files.readString(dir.resolve("host_key.pub")).split(" ")[1];
    assertThat(Files.readString(known)).contains(hostKey);
  }

  @Test
  void hostileValuesNeverRunAsShellCodeOnTheHost() throws IOException {
    Path marker = dir.resolve("pwned");
    String hostile = "x'; touch " + marker + "; echo '$(touch " + marker + ") `touch " + marker
        + "` \"; touch " + marker + " #\n;touch " + marker;
    // what the parameter pipeline makes of {{ msg }} in cmd: the value shell-quoted
    RunnerResult result = run(Map.of("hosts", SshdServer.HOST + ":" + sshd.ports().get(0),
        "cmd", "printf '%s' " + ShellQuoting.quote(hostile) + "; printf '|%s' \"$HOSTILE\"",
        "env", Map.of("HOSTILE", hostile), "cwd", dir + "/it's here"));

    Map<String, Object> one = host(result, sshd.ports().get(0));
    assertThat(one).as("cd to a missing cwd fails, harmlessly").containsEntry("failed", true);
    Files.createDirectories(dir.resolve("it's here"));
    result = run(Map.of("hosts", SshdServer.HOST + ":" + sshd.ports().get(0),
        "cmd", "printf '%s' " + ShellQuoting.quote(hostile) + "; printf '|%s' \"$HOSTILE\"",
        "env", Map.of("HOSTILE", hostile), "cwd", dir + "/it's here"));

    assertThat(host(result, sshd.ports().get(0))).containsEntry("stdout", hostile + "|" + hostile);
    assertThat(marker).doesNotExist();
  }

  @Test
  void logsInWithTheKeyTextGivenAsPrivateKey() throws IOException {
    String key = Files.readString(sshd.clientKey());
    RunnerResult result = run(sshd.settings().withKeyFile(null),
        Map.of("hosts", SshdServer.HOST + ":" + sshd.ports().get(0), "cmd", "echo in",
            "private_key", key), OutputSink.DISCARD);

    assertThat(host(result, sshd.ports().get(0))).containsEntry("stdout", "in");
  }

  @Test
  void sudoRunsTheQuotedLineAsRoot() throws Exception {
    Path sudo = Path.of("/usr/bin/sudo");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(sudo)
        && "root".equals(System.getProperty("user.name")), "needs sudo, and root to use it -n");
    Path marker = dir.resolve("sudo-pwned");
    String hostile = "'; touch " + marker + "; '$(touch " + marker + ")";
    RunnerResult result = run(Map.of("hosts", SshdServer.HOST + ":" + sshd.ports().get(0),
        "cmd", "id -u; printf '%s' " + ShellQuoting.quote(hostile), "sudo", true,
        "env", Map.of("V", hostile)));

    assertThat(host(result, sshd.ports().get(0))).as("%s", result.result())
        .containsEntry("stdout", "0\n" + hostile);
    assertThat(marker).doesNotExist();
  }

  @Test
  void reusesTheConnectionForTheNextCommandToTheSameHosts() throws IOException {
    long before = sshd.logins();
    assertThat(run(Map.of("hosts", sshd.hosts(), "cmd", "true")).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run(Map.of("hosts", sshd.hosts(), "cmd", "true")).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    assertThat(ssh.openSessions()).isEqualTo(3);
    assertThat(awaitLogins(before + 3)).as("three logins for two commands on three hosts")
        .isEqualTo(before + 3);
  }

  @Test
  void aBurstToOneHostSpreadsOverSessionsWithinOpenSshsChannelLimit() throws Exception {
    ssh = new SshConnections(sshd.settings());
    RemoteShellCommandRunner runner = new RemoteShellCommandRunner(RunnerSettings.defaults(), ssh);
    String host = SshdServer.HOST + ":" + sshd.ports().get(1);
    List<CompletableFuture<RunnerResult>> burst = new java.util.ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 12; i++) { // OpenSSH allows 10 channels per connection (MaxSessions)
        burst.add(CompletableFuture.supplyAsync(() -> runner.run(context(
            action("remote-shell-cmd", null, null),
            Map.of("hosts", host, "cmd", "sleep 5; echo ok", "timeout", 60), OutputSink.DISCARD)),
            threads));
      }
      for (CompletableFuture<RunnerResult> one : burst) {
        RunnerResult r = one.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as("%s", r.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }
    assertThat(ssh.openSessions()).as("sessions to the host").isGreaterThanOrEqualTo(2);
  }

  /** sshd logs a login a moment after the client is in: wait for the expected count, then read. */
  private static long awaitLogins(long expected) throws IOException {
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> sshd.logins() >= expected);
    } catch (ConditionTimeoutException fewer) {
      // the caller's assertion on the count says what is wrong
    }
    return sshd.logins();
  }

  /** The processes running {@code sleep <n>}. */
  private static List<ProcessHandle> sleeping(String n) {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
        .map(c -> c.equals("sleep " + n) || c.endsWith("/sleep " + n)).orElse(false)).toList();
  }
}
