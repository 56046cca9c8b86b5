package dev.squall.server.packs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import dev.squall.server.RunningSquall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code squall pack install|remove|register|search|show} against a running server, with git
 * repositories the test makes: dependencies first, a broken version keeps the old one, a removed
 * pack's aliases stop matching.
 */
class PackInstallTest {

  @TempDir static Path repos;
  private static RunningSquall squall;
  private static Path base;
  private static Path app;

  @BeforeAll
  static void start() throws Exception {
    boolean git;
    try {
      git = new ProcessBuilder("git", "--version").start().waitFor() == 0;
    } catch (IOException missing) {
      git = false;
    }
    if (!git && "1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      throw new AssertionError("SQUALL_REQUIRE_ALL=1 but git is not installed (Debian package git)");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(git, "git is not installed (Debian package git)");
    base = repo("base", "ref: base\nname: base\nversion: 1.2.0\n",
        Map.of("actions/hello.yaml", "name: hello\nrunner_type: local-shell-cmd\n"
            + "parameters:\n  cmd:\n    default: echo hello from base\n"));
    app = repo("app", "ref: app\nname: app\nversion: 1.0.0\nstackstorm_version: \">=3.0.0\"\n"
            + "dependencies:\n  - " + base.toUri() + "\n",
        Map.of("aliases/wave.yaml", "name: wave\naction_ref: base.hello\n"
            + "formats:\n  - \"wave at the moon\"\n"));
    Path index = repos.resolve("index.json");
    Files.writeString(index, "{\"metadata\": {}, \"packs\": {\"base\": {\"name\": \"base\","
        + " \"description\": \"The base of everything\", \"version\": \"1.2.0\", \"repo_url\": \""
        + base.toUri() + "\", \"keywords\": [\"greeting\"]}}}");
    squall = RunningSquall.startIn(Files.createTempDirectory("squall-install-"),
        Map.of("SQUALL_PACKS_INDEX_URL", index.toString()));
  }

  @AfterAll
  static void stop() {
    if (squall != null) {
      squall.close();
    }
  }

  @Test
  void installOfAGitRepositoryInstallsItsDependencyFirstAndABrokenVersionKeepsTheOldOne()
      throws Exception {
    Cli first = cli("pack", "install", app.toUri().toString());

    assertThat(first.code()).as(first.out()).isZero();
    assertThat(first.out()).containsSubsequence("Downloading " + app.toUri(),
        "Installing dependency " + base.toUri() + " of app", "Installed base 1.2.0", "Installed app 1.0.0");
    assertThat(squall.squall().catalog().pack("base")).isPresent();
    assertThat(squall.squall().catalog().action("base.hello")).isPresent();
    assertThat(squall.home().resolve("packs/app/aliases/wave.yaml")).exists();
    assertThat(matches("wave at the moon")).isTrue();

    commit(app, "pack.yaml", "ref: app\nname: app\nversion: 2.0.0\n");
    commit(app, "actions/broken.yaml", "name: broken\nrunner_type: [local-shell-cmd\n");
    Cli broken = cli("pack", "install", app.toUri().toString());

    assertThat(broken.code()).isNotZero();
    assertThat(broken.out()).contains("is broken and was not installed", "broken.yaml");
    assertThat(squall.squall().catalog().pack("app").orElseThrow().pack().version()).isEqualTo("1.0.0");
    assertThat(Files.readString(squall.home().resolve("packs/app/pack.yaml"))).contains("version: 1.0.0");
    assertThat(squall.home().resolve("packs/app/actions/broken.yaml")).doesNotExist();
    assertThat(matches("wave at the moon")).isTrue();

    Path venv = Files.createDirectories(squall.home().resolve("virtualenvs/app/bin")); // as a Python pack's
    Cli removed = cli("pack", "remove", "app");

    assertThat(removed.code()).as(removed.out()).isZero();
    assertThat(removed.out()).contains("Removed pack app");
    assertThat(squall.squall().catalog().pack("app")).isEmpty();
    assertThat(squall.home().resolve("packs/app")).doesNotExist();
    assertThat(venv.getParent()).doesNotExist();
    assertThat(matches("wave at the moon")).isFalse();
  }

  @Test
  void aPackNeedingANewerStackStormIsRefusedUnlessForced() throws Exception {
    Path future = repo("future", "ref: future\nname: future\nversion: 0.1.0\nstackstorm_version: \">=9.0\"\n",
        Map.of());

    Cli refused = cli("pack", "install", future.toString());
    assertThat(refused.code()).isNotZero();
    assertThat(refused.out()).contains("requires StackStorm >=9.0");
    assertThat(squall.squall().catalog().pack("future")).isEmpty();

    Cli forced = cli("pack", "install", "--force", future.toString());
    assertThat(forced.code()).as(forced.out()).isZero();
    assertThat(squall.squall().catalog().pack("future")).isPresent();
  }

  @Test
  void searchAndShowReadThePackIndexAndANameInstallsThroughIt() throws Exception {
    assertThat(cli("pack", "search", "greeting").out()).contains("base", "1.2.0", "The base of everything");
    assertThat(cli("pack", "show", "base").out()).contains("repo_url", base.toUri().toString());
    assertThat(cli("pack", "show", "nosuch").code()).isNotZero();

    Cli byName = cli("pack", "install", "base");
    assertThat(byName.code()).as(byName.out()).isZero();
    assertThat(byName.out()).contains("Installed base 1.2.0");
  }

  @Test
  void registerReloadsAPackEditedOnDisk() throws Exception {
    Path dir = Files.createDirectories(squall.home().resolve("packs/edited/actions"));
    Files.writeString(dir.resolve("../pack.yaml"), "ref: edited\nname: edited\nversion: 1.0.0\n");

    Cli registered = cli("pack", "register", "edited");

    assertThat(registered.code()).as(registered.out()).isZero();
    assertThat(registered.out()).contains("actions");
    assertThat(squall.squall().catalog().pack("edited")).isPresent();
    var r = squall.post("/api/v1/packs/register", Map.of("packs", List.of("edited")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("packs").asInt()).isEqualTo(1);
  }

  @Test
  void theApiAnswersInstallWithAnExecutionIdAsStackStormDoes() {
    var r = squall.post("/api/v1/packs/install", Map.of("packs", List.of("/no/such/folder")));

    assertThat(r.status()).isEqualTo(202);
    String id = r.json().path("execution_id").asText();
    var ended = squall.squall().executions().await(id, java.time.Duration.ofSeconds(30));
    assertThat(ended.actionRef()).isEqualTo("packs.install");
    assertThat(ended.status().wire()).isEqualTo("failed");
    assertThat(String.valueOf(ended.result().get("error"))).contains("No pack folder at /no/such/folder");
    assertThat(squall.get("/api/v1/packs/index/health").json().path("indexes").path("valid").asInt()).isEqualTo(1);
    assertThat(squall.get("/api/v1/packs/index").json().path("index").has("base")).isTrue();
  }

  private static boolean matches(String command) {
    return squall.post("/api/v1/actionalias/match", Map.of("command", command)).status() == 200;
  }

  private record Cli(int code, String out) {}

  private static Cli cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = SquallCli.commandLine(new CliEnvironment(env, print, print)).execute(args);
    return new Cli(code, out.toString(StandardCharsets.UTF_8));
  }

  private static Path repo(String name, String packYaml, Map<String, String> files) throws Exception {
    Path dir = Files.createDirectories(repos.resolve(name));
    git(dir, "init", "--quiet");
    Files.writeString(dir.resolve("pack.yaml"), packYaml);
    for (var f : files.entrySet()) {
      Files.createDirectories(dir.resolve(f.getKey()).getParent());
      Files.writeString(dir.resolve(f.getKey()), f.getValue());
    }
    git(dir, "add", "-A");
    git(dir, "commit", "--quiet", "-m", "first");
    return dir;
  }

  private static void commit(Path dir, String file, String text) throws Exception {
    Files.createDirectories(dir.resolve(file).getParent());
    Files.writeString(dir.resolve(file), text);
    git(dir, "add", "-A");
    git(dir, "commit", "--quiet", "-m", "change " + file);
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=test",
        "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }
}
