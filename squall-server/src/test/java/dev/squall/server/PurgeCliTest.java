package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code squall purge} against a real server: what an administrator removes, and who may. */
class PurgeCliTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  record Run(int exit, String out, String err) {}

  static Run cli(Map<String, String> extraEnv, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    CliEnvironment ce = new CliEnvironment(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(ce).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anAdministratorPurgesFinishedExecutionsAndTheRunningOneStays() {
    String done = squall.runToEnd("core.local", Map.of("cmd", "printf 'a\\n\\nb\\n'"))
        .get("id").asText();
    assertThat(squall.get("/api/v1/executions/" + done + "/output").body()).isEqualTo("a\n\nb\n");
    String running = startSleeping();
    try {
      Run r = cli(Map.of(), "purge", "--before", Instant.now().plusSeconds(1).toString());

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("Removed from before ").contains(" executions (with their output)");
      assertThat(squall.get("/api/v1/executions/" + done).status()).isEqualTo(404);
      assertThat(squall.get("/api/v1/executions/" + done + "/output").status()).isEqualTo(404);
      assertThat(squall.get("/api/v1/executions/" + running).json().get("status").asText())
          .isEqualTo("running");
      assertThat(squall.get("/api/v1/executions/" + running + "/output").body())
          .isEqualTo("started\n");
    } finally {
      squall.call("DELETE", "/api/v1/executions/" + running, null);
    }
  }

  @Test
  void aUserWhoIsNotAnAdministratorIsRefusedAndNothingIsRemoved() {
    String done = squall.runToEnd("core.noop", Map.of()).get("id").asText();
    String key = squall.post("/api/v1/apikeys", Map.of("user", "chatops")).json().get("key").asText();

    Run r = cli(Map.of("SQUALL_API_KEY", key), "purge", "--before", "2999-01-01");

    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("not an administrator");
    assertThat(squall.callWith("St2-Api-Key", key, "POST", "/api/v1/purge",
        "{\"before\": \"2999-01-01\"}").status()).isEqualTo(403);
    assertThat(squall.get("/api/v1/executions/" + done).status()).isEqualTo(200);
  }

  @Test
  void aDateThatIsNotOneIsExplained() {
    Run r = cli(Map.of(), "purge", "--before", "last tuesday");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("2026-01-31").contains("last tuesday");
  }

  @Test
  void helpSaysWhatIsRemovedAndWhatIsKept() {
    Run r = cli(Map.of(), "purge", "--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--before=DATE").contains("running executions")
        .contains("Administrators only").contains("retention.");
  }

  private String startSleeping() {
    String id = squall.post("/api/v1/executions", Map.of("action", "core.local",
        "parameters", Map.of("cmd", "echo started; sleep 30"))).json().get("id").asText();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
        squall.get("/api/v1/executions/" + id + "/output").body().equals("started\n"));
    return id;
  }
}
