package dev.squall.engine.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshSettingsTest {

  @Test
  void readsTheSshSectionWithEnvironmentOverrides() {
    Config config = new Config(Map.of("ssh", Map.of("user", "deploy", "key_file", "/keys/id",
        "known_hosts", "/etc/squall/known_hosts", "trust_on_first_use", List.of("web1", "web2:2222"),
        "max_parallel", 5)), Map.of("SQUALL_SSH_CONNECT_TIMEOUT", "3", "SQUALL_SSH_IDLE_TIMEOUT", "0"),
        Path.of("/tmp"));

    SshSettings s = SshSettings.from(config);

    assertThat(s.user()).isEqualTo("deploy");
    assertThat(s.keyFile()).isEqualTo(Path.of("/keys/id"));
    assertThat(s.knownHosts()).isEqualTo(Path.of("/etc/squall/known_hosts"));
    assertThat(s.trustOnFirstUse()).containsExactlyInAnyOrder("web1", "web2:2222");
    assertThat(s.maxParallel()).isEqualTo(5);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.idleTimeout()).isZero();
  }

  @Test
  void trustOnFirstUseFromTheEnvironmentIsCommaSeparated() {
    Config config = new Config(Map.of(), Map.of("SQUALL_SSH_TRUST_ON_FIRST_USE", "a, b ,,c"),
        Path.of("/tmp"));

    assertThat(SshSettings.from(config).trustOnFirstUse()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void defaultsToTheServerUserAndItsKnownHosts() {
    SshSettings s = SshSettings.from(new Config(Map.of(), Map.of(), Path.of("/tmp")));

    assertThat(s.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(s.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    assertThat(s.maxParallel()).isEqualTo(SshSettings.DEFAULT_MAX_PARALLEL);
  }

  @Test
  void refusesNonsense() {
    Config zero = new Config(Map.of("ssh", Map.of("max_parallel", 0)), Map.of(), Path.of("/tmp"));
    assertThatThrownBy(() -> SshSettings.from(zero)).hasMessageContaining("ssh.max_parallel");
  }
}
