package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI as a user runs it, against a real server, with the token the server stored. */
class CliAgainstServerTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
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

  @Test
  void runPrintsTheOutputAndExitsZero() {
    Run r = cli("run", "core.local", "cmd=echo hi");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("hi\n");
  }

  @Test
  void aFailingCommandExitsNonZeroWithItsStderr() {
    Run r = cli("run", "core.local", "cmd=ls /definitely/not/here");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("No such file or directory").contains("failed");
  }

  @Test
  void asyncPrintsTheIdAndExecutionGetShowsIt() {
    Run r = cli("run", "--async", "core.noop");
    assertThat(r.exit()).isZero();
    String id = r.out().trim();
    assertThat(id).matches("[0-9a-f]{24}");
    org.awaitility.Awaitility.await().until(() -> cli("execution", "get", id).out().contains("status: succeeded"));
    assertThat(cli("execution", "list", "--action", "core.noop").out()).contains(id);
  }

  @Test
  void actionListAndGetShowParameters() {
    assertThat(cli("action", "list", "--pack", "core").out()).contains("core.local").contains("local-shell-cmd");
    assertThat(cli("action", "get", "core.local").out()).contains("cmd").contains("string");
  }

  @Test
  void keysCanBeSetReadAndDeletedFromTheCli() {
    assertThat(cli("key", "set", "cli.greeting", "hello there").exit()).isZero();
    assertThat(cli("key", "get", "cli.greeting").out()).isEqualTo("hello there\n");
    assertThat(cli("key", "set", "cli.secret", "p4ss", "--secret").exit()).isZero();
    assertThat(cli("key", "list", "--prefix", "cli.").out()).contains("cli.greeting").doesNotContain("p4ss");
    assertThat(cli("key", "get", "cli.secret", "--decrypt").out()).isEqualTo("p4ss\n");
    assertThat(cli("key", "delete", "cli.greeting").exit()).isZero();
    assertThat(cli("key", "get", "cli.greeting").exit()).isEqualTo(1);
  }

  @Test
  void apiKeysAreCreatedOnceAndListedWithoutTheirSecret() {
    Run created = cli("apikey", "create");
    assertThat(created.exit()).isZero();
    String key = created.out().trim();
    assertThat(key).hasSize(64);
    assertThat(cli("apikey", "list").out()).contains("admin").doesNotContain(key);
  }

  @Test
  void aliasMatchAndExecuteUseTheServersMatcher() {
    assertThat(cli("alias", "match", "shout hello").out()).contains("testpack.shout");
    Run r = cli("alias", "execute", "shout hello");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("HELLO\n");
    assertThat(cli("alias", "match", "shuot hello").err()).contains("matched no patterns");
  }

  @Test
  void anUnknownActionIsAClearError() {
    Run r = cli("run", "core.lcal", "cmd=x");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("core.local");
  }

  @Test
  void aServerThatIsNotRunningIsExplained() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliEnvironment ce = new CliEnvironment(Map.of("SQUALL_HOME", squall.home().toString(), "SQUALL_API_URL", "http://127.0.0.1:1"),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(ce).execute("execution", "list");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach Squall").contains("squall start");
  }
}
