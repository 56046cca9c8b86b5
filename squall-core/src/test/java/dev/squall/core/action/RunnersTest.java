package dev.squall.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnersTest {

  @Test
  void localShellCmdHasStackStormsRunnerParameters() {
    RunnerType local = Runners.find("local-shell-cmd").orElseThrow();

    assertThat(local.supported()).isTrue();
    assertThat(local.parameters()).containsOnlyKeys(
        "cmd", "cwd", "env", "kwarg_op", "sudo", "sudo_password", "timeout");
    assertThat(local.parameters().get("kwarg_op").defaultValue()).isEqualTo("--");
    assertThat(local.parameters().get("timeout").defaultValue()).isEqualTo(60);
    assertThat(local.parameters().get("sudo_password").secret()).isTrue();
    assertThat(Runners.find("local-shell-script").orElseThrow().parameters())
        .doesNotContainKey("cmd").containsKeys("cwd", "env", "sudo", "timeout");
  }

  @Test
  void httpRequestRequiresAUrl() {
    Map<String, ParameterSpec> p = Runners.find("http-request").orElseThrow().parameters();

    assertThat(p.get("url").required()).isTrue();
    assertThat(p.get("password").secret()).isTrue();
    assertThat(p.get("verify_ssl_cert").defaultValue()).isEqualTo(true);
    assertThat(p.get("allow_redirects").defaultValue()).isEqualTo(false);
  }

  @Test
  void knowsUnsupportedRunnersAndOldNames() {
    assertThat(Runners.find("python-script").orElseThrow().supported()).isTrue();
    assertThat(Runners.find("orquesta").orElseThrow().supported()).isTrue();
    assertThat(Runners.find("action-chain").orElseThrow().supported()).isTrue();
    assertThat(Runners.find("cloudslang").orElseThrow().supported()).isFalse();
    assertThat(Runners.find("remote-shell-cmd").orElseThrow().parameters().get("parallel")
        .immutable()).isTrue();
    assertThat(Runners.find("run-local").orElseThrow().name()).isEqualTo("local-shell-cmd");
    assertThat(Runners.find("shell")).isEmpty();
  }

  @Test
  void namesTheClosestRunnerForATypo() {
    assertThat(Runners.closest("local-shel-cmd")).isEqualTo("local-shell-cmd");
    assertThat(Runners.closest("http")).isEqualTo("noop");
    assertThat(Runners.closest("orqesta")).isEqualTo("orquesta");
  }

  @Test
  void closestMatchNeedsAPlausibleTypo() {
    assertThat(Closest.of("actoin", java.util.List.of("action", "alias"))).contains("action");
    assertThat(Closest.of("completely-different", java.util.List.of("cmd"))).isEmpty();
    assertThat(Closest.distance("kitten", "sitting")).isEqualTo(3);
  }
}
