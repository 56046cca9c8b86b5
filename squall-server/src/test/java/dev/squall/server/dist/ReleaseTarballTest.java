package dev.squall.server.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a user gets it: {@code dist/build.sh} (what {@code ./squall dist} runs) makes the
 * tarball from the packaged jars, which is unpacked into an empty folder and run with a {@code PATH}
 * that holds bash and nothing else — no {@code java}, no {@code mvn}. Maven runs this class after
 * {@code package} (the {@code release} execution in squall-server's pom), when the jars exist.
 */
class ReleaseTarballTest {

  @TempDir Path tmp;
  private Process server;

  @AfterEach
  void killLeftover() throws IOException {
    if (server != null) {
      server.destroyForcibly();
    }
    // the link, not /bin/bash: JUnit would warn about a link leaving the temp dir
    Files.deleteIfExists(tmp.resolve("tools/bash"));
  }

  private record Run(int exit, String out) {}

  private static Run run(ProcessBuilder pb) throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(pb.command() + " did not finish");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void require(boolean met, String why) {
    if (!met && "1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      throw new AssertionError("SQUALL_REQUIRE_ALL=1 but " + why);
    }
    Assumptions.assumeTrue(met, why);
  }

  @Test
  void unpackedReleaseRunsAnActionAndStopsWithoutJavaOrMavenOnThePath() throws Exception {
    String root = System.getenv("SQUALL_REPO_ROOT");
    Path repo = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    Path javaHome = Path.of(System.getProperty("java.home"));
    require(Files.isExecutable(javaHome.resolve("bin/jlink")), "the JDK running the tests has no jlink");
    require(Files.isRegularFile(repo.resolve("squall-server/target/squall.jar")),
        "squall-server/target/squall.jar is not built yet (Maven runs this test after package)");

    ProcessBuilder build = new ProcessBuilder("bash", repo.resolve("dist/build.sh").toString(),
        tmp.resolve("out").toString());
    build.environment().put("JAVA_HOME", javaHome.toString());
    Run built = run(build);
    assertThat(built.exit()).as(built.out()).isZero();
    List<String> lines = built.out().lines().toList();
    Path tarball = Path.of(lines.getLast());
    assertThat(tarball.getFileName().toString()).matches("squall-.+\\.tar\\.gz");

    Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
    Run untar = run(new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()));
    assertThat(untar.exit()).as(untar.out()).isZero();
    Path release = unpacked.resolve(tarball.getFileName().toString().replace(".tar.gz", ""));
    assertThat(release.resolve(release.resolve("bin/squall").toString())).isExecutable();
    if (Runtime.version().feature() >= 24) {
      assertThat(release.resolve("cache/squall-server.aot")).as(built.out()).isNotEmptyFile();
    }
    assertThat(release.resolve("dist/squall.service")).content().contains("ExecStart=/opt/squall/bin/squall start");

    // A PATH with bash alone (the launcher and core.local's /bin/bash -c need it).
    Path tools = Files.createDirectories(tmp.resolve("tools"));
    Files.createSymbolicLink(tools.resolve("bash"), Path.of("/bin/bash"));
    Path home = tmp.resolve("home");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(Map.of("PATH", tools.toString(), "HOME", tmp.toString(),
        "SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", String.valueOf(port),
        "SQUALL_CHAT_CONSOLE_ENABLED", "false", "SQUALL_AUTH_KDF_ITERATIONS", "1000",
        "SQUALL_ADMIN_PASSWORD", "release-test-password"));
    Run lookup = run(inRelease(release, env, tools.resolve("bash").toString(), "-c",
        "command -v java; command -v mvn; echo checked"));
    assertThat(lookup.out()).isEqualTo("checked\n");

    String squall = release.resolve("bin/squall").toString();
    Path console = tmp.resolve("console.txt");
    server = inRelease(release, env, squall, "start").redirectErrorStream(true)
        .redirectOutput(console.toFile()).start();
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> !server.isAlive() || Files.readString(console).contains("Squall ready at"));
    assertThat(server.isAlive()).as(Files.readString(console)).isTrue();
    assertThat(Files.readString(console)).contains(squall + " run core.local");

    Run action = run(inRelease(release, env, squall, "run", "core.local", "cmd=echo hello from the release"));
    assertThat(action.exit()).as(action.out()).isZero();
    assertThat(action.out()).contains("hello from the release");

    Run stop = run(inRelease(release, env, squall, "stop"));
    assertThat(stop.exit()).as(stop.out()).isZero();
    assertThat(stop.out()).contains("stopping Squall (pid " + server.pid() + ")").endsWith("stopped\n");
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(home.resolve("squall.pid")).doesNotExist();
    assertThat(Files.readString(console)).doesNotContain("packs shipped with Squall (core, chatops) were not found");
  }

  /** A command run from the release folder with exactly {@code env}: nothing of the caller's. */
  private static ProcessBuilder inRelease(Path release, Map<String, String> env, String... command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(release.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb;
  }
}
