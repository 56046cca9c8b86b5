package dev.squall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that work on files, without a server. */
class OfflineCommandsTest {

  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliEnvironment env = new CliEnvironment(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(env).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Path repoRoot() {
    String root = System.getenv("SQUALL_REPO_ROOT");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  @Test
  void packValidateReportsEveryMistakeWithFileAndLine() {
    Path broken = repoRoot().resolve("squall-core/src/test/resources/packs/broken_pack");
    Run r = cli("pack", "validate", broken.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.contains(": error: ")).toList()).hasSizeGreaterThanOrEqualTo(3)
        .allMatch(l -> l.matches(".*\\.yaml:\\d+: error: .*"));
    assertThat(r.err()).contains("integr").contains("local-shell-cmdd").contains("pack");
  }

  @Test
  void aliasParseTakesTheCommandAsSeparateWordsAfterTheDoubleDash() {
    Run r = cli("alias", "parse", "--format", "deploy {{app}} to {{env=prod}}", "--", "deploy", "web", "to", "qa");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo("{\"app\":\"web\",\"env\":\"qa\"}");
  }

  @Test
  void packValidatePassesTheShippedCorePack() {
    Run r = cli("pack", "validate", "--quiet", repoRoot().resolve("packs/core").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("0 error(s)");
  }

  @Test
  void packValidateReportsAnAliasFormatThatDoesNotCompile() throws Exception {
    Path pack = writePack("deploy (web {{app}}");
    Run r = cli("pack", "validate", pack.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("deploy.yaml").contains("invalid format");
  }

  @Test
  void packValidateReportsABadSensorFileByLineAndCountsTheGoodOnes() throws Exception {
    Path pack = tmp.resolve("watching");
    Files.createDirectories(pack.resolve("sensors"));
    Files.writeString(pack.resolve("pack.yaml"), "name: watching\nversion: 1.0.0\n");
    Files.writeString(pack.resolve("sensors/good.py"), "");
    Files.writeString(pack.resolve("sensors/good.yaml"), "class_name: Good\nentry_point: good.py\n");
    Files.writeString(pack.resolve("sensors/bad.yaml"),
        "class_name: Bad\nentry_point: good.py\npoll_interval: -3\n");

    Run r = cli("pack", "validate", pack.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("bad.yaml:3: error: \"poll_interval\" must be a whole number");
    assertThat(r.out()).contains("1 sensor(s)").contains("1 error(s)");
  }

  @Test
  void packTestRunsTheDeclaredAliasTests() throws Exception {
    Path pack = writePack("deploy {{app}} to {{env=staging}}");
    Files.createDirectories(pack.resolve("tests"));
    Files.writeString(pack.resolve("tests/aliases.yaml"), """
        - command: "deploy web to prod"
          alias: deploy
          parameters: {app: web, env: prod}
        - command: "deploy api to qa"
          alias: mypack.deploy
          parameters: {app: api, env: qa}
        """);
    Run ok = cli("pack", "test", pack.toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("2 test(s), 0 failed");
    Files.writeString(pack.resolve("tests/aliases.yaml"), """
        - command: "deploy web to prod"
          parameters: {app: web, env: dev}
        - command: "destroy everything"
        """);
    Run bad = cli("pack", "test", pack.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("parameter env is \"prod\", expected \"dev\"").contains("matched no patterns")
        .contains("2 test(s), 2 failed");
  }

  @Test
  void aliasParsePrintsParametersOrTheError() {
    Run ok = cli("alias", "parse", "--format", "google {{query}} and return {{count}} results", "--",
        "google StackStorm and return 5 results");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out().trim()).isEqualTo("{\"query\":\"StackStorm\",\"count\":\"5\"}");
    Run bad = cli("alias", "parse", "--format", "google {{query}}", "--", "bing x");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("doesn't match format string");
  }

  @Test
  void aliasParseJsonlAnswersOneLinePerInputInOrder() {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(("{\"format\": \"run {{cmd}}\", \"command\": \"run date\"}\n"
          + "{\"format\": \"run {{cmd}}\", \"command\": \"walk\"}\n").getBytes(StandardCharsets.UTF_8)));
      Run r = cli("alias", "parse", "--jsonl");
      assertThat(r.exit()).isZero();
      assertThat(r.out().lines().toList()).hasSize(2);
      assertThat(r.out().lines().toList().get(0)).isEqualTo("{\"params\":{\"cmd\":\"date\"}}");
      assertThat(r.out().lines().toList().get(1)).startsWith("{\"error\":");
    } finally {
      System.setIn(saved);
    }
  }

  private Path writePack(String format) throws Exception {
    Path pack = tmp.resolve("mypack");
    Files.createDirectories(pack.resolve("aliases"));
    Files.createDirectories(pack.resolve("actions"));
    Files.writeString(pack.resolve("pack.yaml"), "ref: mypack\nname: mypack\nversion: 1.0.0\n");
    Files.writeString(pack.resolve("actions/deploy.yaml"), """
        name: deploy
        runner_type: noop
        parameters:
          app: {type: string, required: true}
          env: {type: string}
        """);
    Files.writeString(pack.resolve("aliases/deploy.yaml"),
        "name: deploy\naction_ref: mypack.deploy\nformats:\n  - \"" + format + "\"\n");
    return pack;
  }
}
