package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandTest {

  @TempDir Path home;

  @Test
  void aMistakeInTheChatConfigurationIsOneLineNamingTheKeyNotAStackTrace() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), """
        chat:
          teams:
            app_id: 6f1b3c2e-5d4a-4e8b-9c7d-1a2b3c4d5e6f
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliEnvironment env = new CliEnvironment(Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "0",
        "SQUALL_ADMIN_PASSWORD", "pw-for-test", "SQUALL_AUTH_KDF_ITERATIONS", "1000",
        "SQUALL_CHAT_CONSOLE_ENABLED", "false"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    int code = SquallCli.commandLine(env, new StartCommand(env)).execute("start");

    assertThat(code).isEqualTo(1);
    // The key that is missing is placed at its section's line, the closest the file has.
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: " + home.resolve("squall.yaml") + ":2: chat.teams.app_password is required\n");
    assertThat(StartCommand.isServing()).isFalse();
  }
}
