package dev.squall.server.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import dev.squall.server.RunningSquall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** self.action_service on Squall's datastore, over the API with the execution's own token. */
class ActionServiceTest {

  private static RunningSquall squall;

  @BeforeAll
  static void start() throws Exception {
    String python = TestPython.withModules();
    squall = RunningSquall.startIn(Files.createTempDirectory("squall-pykv-"), Map.of(
        "SQUALL_PACKS_PATH", resource("/python-test-packs").toString(),
        "SQUALL_PYTHON_INTERPRETER", python));
  }

  @AfterAll
  static void stop() {
    if (squall != null) {
      squall.close();
    }
  }

  @Test
  void valuesOneActionWritesAreReadByAnotherAndByTheCli() {
    JsonNode wrote = squall.runToEnd("pykv.remember", Map.of("value", "hello"));
    assertThat(wrote.get("status").asText()).as("%s", wrote).isEqualTo("succeeded");
    assertThat(wrote.at("/result/result").asText()).isEqualTo("hello");

    JsonNode read = squall.runToEnd("pykv.recall", Map.of());

    assertThat(read.get("status").asText()).as("%s", read).isEqualTo("succeeded");
    JsonNode r = read.at("/result/result");
    assertThat(r.get("greeting").asText()).isEqualTo("hello");
    assertThat(r.get("secret").asText()).isEqualTo("s3cret-hello");
    assertThat(r.get("secret_unread").asBoolean()).isTrue();
    assertThat(r.get("dict").asText()).isEqualTo("{'a': 1}");
    assertThat(r.get("mine").isNull()).as("another class's local key is not its own").isTrue();
    assertThat(r.get("names")).extracting(JsonNode::asText).containsExactly("shared.dict",
        "shared.greeting", "shared.secret", "shared.short");
    assertThat(r.get("deleted").asBoolean()).isTrue();
    assertThat(r.get("deleted_again").asBoolean()).isFalse();
    assertThat(r.get("scope_error").asText()).isEqualTo("Scope user is unsupported.");

    assertThat(cli("key", "get", "pykv.Remember:last").out()).isEqualTo("hello\n");
    assertThat(cli("key", "get", "shared.greeting").out()).isEqualTo("hello\n");
    assertThat(cli("key", "get", "shared.secret").out()).doesNotContain("s3cret-hello");
    assertThat(cli("key", "get", "shared.short").exit()).isEqualTo(1);
  }

  @Test
  void theExecutionsTokenEndsWithTheExecution() {
    JsonNode read = squall.runToEnd("pykv.recall", Map.of());
    String token = read.at("/result/result/token").asText();
    assertThat(token).isNotBlank();

    var r = squall.callWith("X-Auth-Token", token, "GET", "/api/v1/keys", null);

    assertThat(r.status()).isEqualTo(401);
    assertThat(squall.get("/api/v1/keys").status()).isEqualTo(200);
  }

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    CliEnvironment ce = new CliEnvironment(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(ce).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Run(int exit, String out, String err) {}

  private static Path resource(String name) {
    try {
      return Path.of(ActionServiceTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

}
