package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.engine.runner.SshdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote actions through the API, the parameter pipeline and the ssh.* settings, on a real sshd. */
class RemoteExecutionTest {

  @TempDir static Path dir;
  private static SshdServer sshd;
  private static RunningSquall squall;

  @BeforeAll
  static void start() throws Exception {
    sshd = SshdServer.start(dir.resolve("sshd"), 3);
    Path pack = Files.createDirectories(dir.resolve("packs/remotepack/actions"));
    Files.writeString(pack.getParent().resolve("pack.yaml"),
        "ref: remotepack\nname: remotepack\ndescription: remote tests\nversion: 1.0.0\nauthor: t\n");
    Files.writeString(pack.resolve("shout.yaml"), """
        name: shout
        description: Echo a word in capitals on the hosts; the word reaches the shell only through a template
        runner_type: remote-shell-cmd
        parameters:
          word:
            type: string
            required: true
          cmd:
            immutable: true
            default: "echo {{ word }} | tr a-z A-Z"
        """);
    squall = RunningSquall.startIn(Files.createDirectories(dir.resolve("home")), Map.of(
        "SQUALL_PACKS_PATH", dir.resolve("packs").toString(),
        "SQUALL_SSH_KEY_FILE", sshd.clientKey().toString(),
        "SQUALL_SSH_KNOWN_HOSTS", sshd.knownHosts().toString()));
  }

  @AfterAll
  static void stop() {
    if (squall != null) {
      squall.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void coreRemoteReturnsOneResultPerHost() {
    JsonNode e = squall.runToEnd("core.remote", Map.of("cmd", "echo hi", "hosts", sshd.hosts()));

    assertThat(e.get("status").asText()).as("%s", e).isEqualTo("succeeded");
    assertThat(e.get("result").size()).isEqualTo(3);
    for (int port : sshd.ports()) {
      assertThat(e.at("/result/127.0.0.1:" + port + "/stdout").asText()).isEqualTo("hi");
      assertThat(e.at("/result/127.0.0.1:" + port + "/return_code").asInt()).isZero();
    }
  }

  @Test
  void hostileParameterValuesNeverRunAsShellCodeOnTheHosts() {
    Path pwned = dir.resolve("pwned");
    for (String hostile : new String[] {"\"; touch " + pwned + "\"", "; touch " + pwned,
        "$(touch " + pwned + ")", "`touch " + pwned + "`", "' ; touch " + pwned + " ; '"}) {
      JsonNode e = squall.runToEnd("remotepack.shout", Map.of("word", hostile, "hosts", sshd.hosts()));

      assertThat(e.get("status").asText()).as("%s", e).isEqualTo("succeeded");
      for (int port : sshd.ports()) {
        assertThat(e.at("/result/127.0.0.1:" + port + "/stdout").asText())
            .isEqualTo(hostile.toUpperCase(Locale.ROOT));
      }
    }
    assertThat(pwned).doesNotExist();
  }

  @Test
  void coreRemoteCannotBeSwitchedToSudo() {
    var r = squall.post("/api/v1/executions", Map.of("action", "core.remote",
        "parameters", Map.of("cmd", "id -u", "hosts", sshd.hosts(), "sudo", true)));

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.fault()).contains("sudo");
  }
}
