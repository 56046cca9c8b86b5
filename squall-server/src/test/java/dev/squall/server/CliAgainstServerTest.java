package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it, against a real server, with the token the server stored. */
class CliAgainstServerTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();
  private static final Pattern EXECUTION_ID = Pattern.compile("\\b[0-9a-f]{24}\\b");

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    return cli(Map.of(), args);
  }

  /** The CLI with more environment, which may name another {@code SQUALL_HOME}. */
  static Run cli(Map<String, String> extraEnv, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    env.putAll(extraEnv);
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
  void runNamesTheExecutionOnStderrBeforeItsOutput() {
    Run r = cli("run", "core.local", "cmd=true");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).matches("execution [0-9a-f]{24}\n");
    String id = r.err().trim().substring("execution ".length());
    assertThat(cli("execution", "get", id).out()).contains("status: succeeded");
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
  void actionGetShowsTheRunnersParametersThatWorkOnIt() {
    String out = cli("action", "get", "core.local").out();
    String runnerPart = out.substring(out.indexOf("Parameters of the local-shell-cmd runner:"));
    assertThat(runnerPart).contains("timeout").contains("env").doesNotContain("\ncmd ");
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
  void rulesAreListedShownAndSwitchedOffAndOnAgain() {
    assertThat(cli("rule", "list", "--pack", "testpack").out())
        .containsPattern("testpack\\.deploy_hook +true +core\\.st2\\.webhook +testpack\\.search");
    assertThat(cli("rule", "get", "testpack.deploy_hook").out()).contains("\"ref\"", "testpack.deploy_hook", "deploys");

    assertThat(cli("rule", "disable", "testpack.deploy_hook").out()).isEqualTo("testpack.deploy_hook disabled\n");
    assertThat(cli("rule", "list", "--pack", "testpack").out()).containsPattern("testpack\\.deploy_hook +false");
    assertThat(cli("rule", "enable", "testpack.deploy_hook").out()).isEqualTo("testpack.deploy_hook enabled\n");
    assertThat(cli("rule", "list", "--pack", "testpack").out()).containsPattern("testpack\\.deploy_hook +true");
  }

  @Test
  void aWebhookSentFromTheCliFiresItsRuleAndItsInstanceCanBeReEmitted() {
    assertThat(cli("trigger", "types").out()).contains("core.st2.webhook");
    Run sent = cli("trigger", "webhook", "deploys", "{\"env\": \"prod\", \"status\": \"succeeded\", \"app\": \"web\"}");
    assertThat(sent.out()).isEqualTo("sent to webhook deploys\n");

    org.awaitility.Awaitility.await().until(() -> EXECUTION_ID.matcher(
        cli("rule", "enforcements", "--rule", "testpack.deploy_hook").out()).find());
    Matcher instance = EXECUTION_ID.matcher(cli("trigger", "instances", "-n", "1").out());
    assertThat(instance.find()).isTrue();
    assertThat(cli("trigger", "re-emit", instance.group()).out()).startsWith("Trigger instance " + instance.group() + " succesfully re-sent.");
  }

  @Test
  void aPacksConfigIsSetAndReadBack() {
    assertThat(cli("config", "set", "testpack", "retries", "5").out()).isEqualTo("set testpack.retries\n");
    assertThat(cli("config", "get", "testpack", "retries").out()).isEqualTo("5\n");
    assertThat(cli("config", "get", "testpack").out()).contains("\"retries\" : 5");
  }

  @Test
  void severalConfigKeysAreSetTogether() {
    assertThat(cli("config", "set", "testpack", "retries=7", "api_url=https://svc.example").out())
        .isEqualTo("set testpack.retries\nset testpack.api_url\n");
    assertThat(cli("config", "get", "testpack", "api_url").out()).isEqualTo("https://svc.example\n");
    assertThat(cli("config", "set", "testpack", "retries", "api_url").err()).contains("must be of type 'integer'");
  }

  @Test
  void packListShowsTheLoadedPacks() {
    assertThat(cli("pack", "list").out()).containsPattern("(?m)^core +").containsPattern("(?m)^testpack +0\\.1\\.0");
  }

  @Test
  void loginStoresATokenThatLaterCommandsUse(@TempDir Path home) {
    Map<String, String> elsewhere = Map.of("SQUALL_HOME", home.toString());
    assertThat(cli(elsewhere, "execution", "list").exit()).isNotZero();

    Run login = cli(Map.of("SQUALL_HOME", home.toString(), "SQUALL_PASSWORD", RunningSquall.ADMIN_PASSWORD),
        "login", "admin");
    assertThat(login.exit()).isZero();
    assertThat(login.out()).startsWith("logged in as admin; token valid until ");
    assertThat(home.resolve("token")).isNotEmptyFile();
    assertThat(cli(elsewhere, "execution", "list").exit()).isZero();
  }

  @Test
  void aRunningExecutionIsCanceled() {
    String id = cli("run", "--async", "core.local", "cmd=sleep 60").out().trim();

    assertThat(cli("execution", "cancel", id).out()).startsWith(id + ": cancel");
    org.awaitility.Awaitility.await().until(() -> cli("execution", "get", id).out().contains("status: canceled"));
  }

  @Test
  void tailPrintsAnExecutionsOutputUntilItEnds() {
    String id = cli("run", "--async", "core.local", "cmd=echo one; sleep 1; echo two").out().trim();

    Run tail = cli("execution", "tail", id);
    assertThat(tail.exit()).isZero();
    assertThat(tail.out()).isEqualTo("one\ntwo\n");
  }

  @Test
  void rerunRunsTheActionAgainWithNewValues() {
    String id = cli("run", "--async", "core.local", "cmd=echo first").out().trim();
    org.awaitility.Awaitility.await().until(() -> cli("execution", "get", id).out().contains("status: succeeded"));

    Run again = cli("execution", "rerun", id, "cmd=echo second");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).isEqualTo("second\n");
    Run async = cli("execution", "rerun", "--async", id);
    assertThat(async.out().trim()).matches("[0-9a-f]{24}").isNotEqualTo(id);
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
