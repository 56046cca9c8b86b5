package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code squall start} run as its own JVM (the real {@code Main}, the real logging setup) where
 * it cannot start: it prints one line naming the cause and what to do, exits 1, and has created
 * nothing (no admin, no printed password, no token, no store).
 */
class StartErrorsTest {

  @TempDir Path tmp;
  private final List<Path> mounted = new ArrayList<>();

  @AfterEach
  void unmount() throws Exception {
    for (Path m : mounted) {
      new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** What a failed start printed (stdout and stderr together) and how it exited. */
  private record Outcome(int exitCode, List<String> lines) {}

  private static Outcome start(Path home, int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java,
        "-Dlogback.configurationFile=" + mainLogbackConfig(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "start", "--port", String.valueOf(port))
        .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("SQUALL_"));
    env.put("SQUALL_HOME", home.toString());
    env.put("SQUALL_PACKS_PATH", RunningSquall.testPacks().toString());
    env.put("SQUALL_CHAT_CONSOLE_ENABLED", "false");
    env.put("SQUALL_AUTH_KDF_ITERATIONS", "1000");
    Process child = pb.start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      fail("squall start did not stop: " + out);
    }
    return new Outcome(child.exitValue(), out.lines().filter(l -> !l.isBlank()).toList());
  }

  /** The logging set-up Squall ships (src/main/resources), not the tests' own. */
  private static Path mainLogbackConfig() throws URISyntaxException {
    Path classes = Path.of(Squall.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return classes.resolve("logback.xml");
  }

  private static List<String> contents(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void everyProblemOfTheConfigFileIsReportedAtOnceWithItsLine() throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home);
    Path file = home.resolve("squall.yaml");
    Files.writeString(file, """
        auth:
          token_ttl: soon
        cluster:
          heartbeat: 0
        chat:
          irc:
            server: irc.example.org
            chanels: ["#ops"]
          work:
            type: slack
            bot_token: xoxb-1
        retention:
          executions: -5
        """);
    List<String> before = contents(home);

    Outcome o = start(home, 0);

    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.lines()).containsExactly(
        "error: 5 problems in " + file + ":",
        "  " + file + ":2: auth.token_ttl must be an integer, not 'soon'",
        "  " + file + ":4: cluster.heartbeat must be positive, not 0",
        "  " + file + ":13: retention.executions must be 0 (keep forever) or a number of seconds, not -5",
        "  " + file + ":8: chat.irc.chanels is not a setting; did you mean chat.irc.channels?",
        "  " + file + ":9: chat.work.app_token is required");
    assertThat(contents(home)).isEqualTo(before);
  }

  @Test
  void aPortInUseIsOneLineAndNoHomeAdminOrTokenIsCreated() throws Exception {
    Path home = tmp.resolve("home");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Outcome o = start(home, taken.getLocalPort());

      assertThat(o.exitCode()).isEqualTo(1);
      assertThat(o.lines()).containsExactly("error: port " + taken.getLocalPort()
          + " on 127.0.0.1 is in use (is Squall already running?): stop what listens there, or"
          + " choose another port with --port or SQUALL_SERVER_PORT");
    }
    assertThat(home).doesNotExist();
  }

  @Test
  void aStoreLockedByAnotherProcessIsOneLineAndNothingIsAddedToTheHome() throws Exception {
    Path home = tmp.resolve("home");
    Database.open(StoreConfig.h2File(home)).close();
    Path file = home.resolve("db").resolve("squall.mv.db");
    List<String> before = contents(home);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      assertThat(lock).isNotNull();
      Outcome o = start(home, 0);

      assertThat(o.exitCode()).isEqualTo(1);
      assertThat(o.lines()).containsExactly("error: the store " + file + " is in use by another"
          + " process (is Squall already running with this SQUALL_HOME?): stop it, or set"
          + " SQUALL_HOME to another folder");
    }
    assertThat(contents(home)).isEqualTo(before);
  }

  @Test
  void aCorruptStoreIsOneLineAndNothingIsAddedToTheHome() throws Exception {
    Path home = tmp.resolve("home");
    Path file = home.resolve("db").resolve("squall.mv.db");
    Files.createDirectories(file.getParent());
    Files.write(file, "not a database, or no longer one".repeat(2000).getBytes(StandardCharsets.UTF_8));
    List<String> before = contents(home);

    Outcome o = start(home, 0);

    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.lines()).singleElement().asString()
        .startsWith("error: the store " + file + " is corrupt (")
        .endsWith("): restore it from a backup, or move it away to start with an empty store");
    assertThat(contents(home)).isEqualTo(before);
  }

  @Test
  void aReadOnlyHomeIsOneLineAndNothingIsCreated() throws Exception {
    Path home = readOnlyHome();

    Outcome o = start(home, 0);

    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.lines()).containsExactly("error: SQUALL_HOME " + home + " is read-only: make it"
        + " writable, or set SQUALL_HOME to a folder Squall may write in");
    assertThat(contents(home)).containsExactly("");
  }

  /**
   * An empty home Squall may not write in: a folder without write permission, or, for root
   * (whom permissions do not stop), a read-only tmpfs mounted on it.
   */
  private Path readOnlyHome() throws Exception {
    Path home = Files.createDirectory(tmp.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (!Files.isWritable(home)) {
      return home;
    }
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs",
        home.toString()).redirectErrorStream(true).start();
    String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0) {
      mounted.add(home);
      return home;
    }
    String missing = "a read-only home needs a user whom permissions stop, or the right to mount"
        + " a read-only tmpfs (" + why + ")";
    if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      fail(missing + " (SQUALL_REQUIRE_ALL=1 forbids skipping)");
    }
    Assumptions.abort(missing);
    return home;
  }
}
