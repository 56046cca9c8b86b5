package dev.squall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the CLI finds the server when SQUALL_API_URL is not set: as `squall start` would listen. */
class CliEnvironmentTest {

  @TempDir Path home;

  private URI apiUrl(Map<String, String> vars) {
    Map<String, String> env = new HashMap<>(vars);
    env.put("SQUALL_HOME", home.toString());
    return new CliEnvironment(env, new PrintStream(PrintStream.nullOutputStream()),
        new PrintStream(PrintStream.nullOutputStream())).apiUrl();
  }

  @Test
  void defaultsToTheLoopbackOnTheDefaultPort() {
    assertThat(apiUrl(Map.of())).isEqualTo(URI.create("http://127.0.0.1:9101/"));
  }

  @Test
  void followsTheServerPortAndHostVariables() {
    assertThat(apiUrl(Map.of("SQUALL_SERVER_PORT", "9555", "SQUALL_SERVER_HOST", "::1")))
        .isEqualTo(URI.create("http://[::1]:9555/"));
  }

  @Test
  void followsSquallYamlAndReachesAServerListeningEverywhereOnTheLoopback() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "server:\n  host: 0.0.0.0\n  port: 9777\n");
    assertThat(apiUrl(Map.of())).isEqualTo(URI.create("http://127.0.0.1:9777/"));
  }

  @Test
  void anExplicitApiUrlWins() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "server:\n  port: 9777\n");
    assertThat(apiUrl(Map.of("SQUALL_API_URL", "https://squall.example.com")))
        .isEqualTo(URI.create("https://squall.example.com/"));
  }

  @Test
  void aBrokenSquallYamlIsAnErrorThatSaysHowToGoAroundIt() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "server: [\n");
    assertThatThrownBy(() -> apiUrl(Map.of())).isInstanceOf(CliException.class)
        .hasMessageContaining("squall.yaml").hasMessageContaining("SQUALL_API_URL");
  }
}
