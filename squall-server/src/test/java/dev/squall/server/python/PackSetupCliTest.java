package dev.squall.server.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import dev.squall.server.RunningSquall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code squall pack setup PACK}: the pack's virtualenv made on demand, with progress. */
class PackSetupCliTest {

  private static RunningSquall squall;

  @BeforeAll
  static void start() throws Exception {
    String python = TestPython.withModules();
    squall = RunningSquall.startIn(Files.createTempDirectory("squall-setup-"), Map.of(
        "SQUALL_PACKS_PATH", Path.of(PackSetupCliTest.class.getResource("/python-test-packs")
            .toURI()).toString(),
        "SQUALL_PYTHON_INTERPRETER", python));
  }

  @AfterAll
  static void stop() {
    if (squall != null) {
      squall.close();
    }
  }

  @Test
  void setupMakesThePacksVirtualenvAndSaysWhere() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = cli(out, "pack", "setup", "pykv");

    Path venv = squall.home().resolve("virtualenvs/pykv");
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Setting up the virtualenv of pack pykv", "Installed 0 requirement(s)",
            "Virtualenv ready: " + venv);
    assertThat(Files.isExecutable(venv.resolve("bin/python"))).isTrue();
  }

  @Test
  void setupOfAnUnknownPackFails() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(cli(out, "pack", "setup", "nosuch")).isNotZero();
  }

  private static int cli(ByteArrayOutputStream out, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    return SquallCli.commandLine(new CliEnvironment(env, print, print)).execute(args);
  }
}
