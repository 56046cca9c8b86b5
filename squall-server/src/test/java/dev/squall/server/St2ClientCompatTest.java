package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * StackStorm's own JavaScript client ({@code st2client} from npm, as hubot-stackstorm uses it)
 * against a running Squall. Needs Node and {@code npm ci} in {@code src/test/node}; skipped
 * without them, unless {@code SQUALL_REQUIRE_ALL=1}.
 */
class St2ClientCompatTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  static Path nodeDir() {
    String root = System.getenv("SQUALL_REPO_ROOT");
    Path repo = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    return repo.resolve("squall-server/src/test/node");
  }

  static void requireNode() {
    boolean node = new java.io.File("/usr/bin/node").canExecute() || System.getenv("PATH") != null
        && java.util.Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "node")));
    boolean modules = Files.isDirectory(nodeDir().resolve("node_modules/st2client"));
    String why = !node ? "node is not installed (Debian package nodejs)"
        : !modules ? "run `npm ci` in squall-server/src/test/node" : null;
    if (why != null && "1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      throw new AssertionError("SQUALL_REQUIRE_ALL=1 but " + why);
    }
    Assumptions.assumeTrue(why == null, why);
  }

  static String runNode(String script, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("node", script).directory(nodeDir().toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node " + script + " did not finish: " + new String(p.getInputStream().readAllBytes()));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} listens for {1}")
  @org.junit.jupiter.params.provider.CsvSource({"hubot, st2.announcement__chatops", "errbot, st2.announcement__errbot"})
  void aChatBotOnTheStreamGetsTheRenderedResultForItsChannel(String route, String event) throws Exception {
    requireNode();
    String channel = "#ops-" + route;
    String out = runNode("hubot-flow.js", Map.of("SQUALL_URL", squall.url().toString(), "SQUALL_USER", "admin",
        "SQUALL_PASSWORD", RunningSquall.ADMIN_PASSWORD, "ROUTE", route, "EVENT", event, "CHANNEL", channel));
    assertThat(out).contains("ok list aliases").contains("ok aliasexecution");
    String announcement = out.lines().filter(l -> l.startsWith("ok announcement ")).findFirst().orElseThrow()
        .substring("ok announcement ".length());
    var payload = RunningSquall.JSON.readTree(announcement);
    assertThat(payload.get("channel").asText()).isEqualTo(channel);
    assertThat(payload.get("user").asText()).isEqualTo("alice");
    assertThat(payload.get("whisper").asBoolean()).isFalse();
    assertThat(payload.get("message").asText()).contains("A; TOUCH /TMP/SQUALL-HUBOT-PWNED");
    assertThat(payload.at("/context/thread_ts").asText()).isEqualTo("1700000000.000100");
    assertThat(java.nio.file.Files.exists(Path.of("/tmp/squall-hubot-pwned"))).isFalse();
  }

  @Test
  void st2clientAuthenticatesRunsAndStreamsAsAgainstStackStorm() throws Exception {
    requireNode();
    String key = squall.post("/api/v1/apikeys", Map.of()).json().get("key").asText();
    String out = runNode("st2client-compat.js", Map.of("SQUALL_URL", squall.url().toString(),
        "SQUALL_USER", "admin", "SQUALL_PASSWORD", RunningSquall.ADMIN_PASSWORD, "SQUALL_API_KEY", key));
    assertThat(out).contains("ok authenticate with user and password")
        .contains("ok list actions")
        .contains("ok run core.local")
        .contains("ok read the execution back: stdout=hi")
        .contains("ok authenticate with an API key")
        .containsPattern("ok stream update events: .*succeeded");
  }
}
