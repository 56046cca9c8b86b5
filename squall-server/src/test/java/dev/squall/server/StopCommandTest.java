package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code squall stop} against a server running as its own JVM from the same home. */
class StopCommandTest {

  @TempDir Path home;
  private Process server;

  @AfterEach
  void killLeftover() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  private record Run(int exit, String out) {}

  private Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    CliEnvironment env = new CliEnvironment(Map.of("SQUALL_HOME", home.toString()), print, print);
    int code = SquallCli.commandLine(env, new StopCommand(env)).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void stopsTheServerOfThisHomeAndItsLogStaysBehind() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "start", "--port", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(home.resolve("console.txt").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SQUALL_"));
    pb.environment().putAll(Map.of("SQUALL_HOME", home.toString(), "SQUALL_CHAT_CONSOLE_ENABLED", "false",
        "SQUALL_AUTH_KDF_ITERATIONS", "1000", "SQUALL_PACKS_PATH", RunningSquall.testPacks().toString()));
    server = pb.start();
    Path pidFile = home.resolve("squall.pid");
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(pidFile) || !server.isAlive());

    assertThat(pidFile).as(Files.readString(home.resolve("console.txt"))).exists();

    Run stop = cli("stop");

    assertThat(stop.exit()).as(stop.out()).isZero();
    assertThat(stop.out()).contains("stopping Squall (pid " + server.pid() + ")").endsWith("stopped\n");
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pidFile).doesNotExist();
    assertThat(Files.readString(home.resolve("logs/squall.log"))).contains("INFO");
    assertThat(cli("stop").out()).startsWith("Squall is not running from " + home);
  }
}
