package dev.squall.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.Main;
import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's shell examples marked {@code <!-- runnable -->} run as written, in a shell, against
 * a real server that has the README's hello pack, and print what the README shows. {@code squall}
 * and {@code ./squall} are the real executable ({@link Main} in a JVM of its own, as the launcher
 * runs it once built). What differs from run to run is compared loosely, and only that: an
 * execution id (24 hex digits) matches any id.
 */
class ReadmeExamplesTest {

  /** A fenced block right after the marker. */
  private static final Pattern RUNNABLE =
      Pattern.compile("<!-- runnable -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PACK_FILE =
      Pattern.compile("```yaml\\n# ~/\\.squall/packs/(hello/[^\\n]+)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EXECUTION_ID = Pattern.compile("\\b[0-9a-f]{24}\\b");

  @TempDir static Path tmp;
  private static RunningSquall squall;
  private static String readme;

  @BeforeAll
  static void startTheServerWithTheReadmesHelloPack() throws Exception {
    readme = Files.readString(ReadmeHelloPackTest.repoRoot().resolve("README.md"));
    Path packs = tmp.resolve("packs");
    Matcher m = PACK_FILE.matcher(readme);
    while (m.find()) {
      Path file = packs.resolve(m.group(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, m.group(2));
    }
    squall = RunningSquall.startIn(tmp.resolve("home"), Map.of("SQUALL_PACKS_PATH", packs.toString()));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Path launcher = bin.resolve("squall");
    // The logging set-up Squall ships (src/main/resources), not the tests' own.
    Path logback = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("logback.xml");
    Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -Dlogback.configurationFile='"
        + logback + "' -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  static void stop() {
    if (squall != null) {
      squall.close();
    }
  }

  @TestFactory
  List<DynamicTest> everyRunnableExamplePrintsWhatTheReadmeShows() {
    List<DynamicTest> tests = new ArrayList<>();
    Matcher m = RUNNABLE.matcher(readme);
    while (m.find()) {
      for (Example e : examples(m.group(1))) {
        tests.add(DynamicTest.dynamicTest(e.command(), () -> {
          assertThat(loosely(run(e.command()))).as(e.command()).isEqualTo(loosely(e.output()));
        }));
      }
    }
    assertThat(tests).as("runnable README examples").hasSizeGreaterThanOrEqualTo(4);
    return tests;
  }

  /** A command after {@code $ } and the lines shown under it. */
  record Example(String command, String output) {}

  static List<Example> examples(String block) {
    List<Example> out = new ArrayList<>();
    String command = null;
    StringBuilder shown = new StringBuilder();
    for (String line : block.split("\n", -1)) {
      if (line.startsWith("$ ")) {
        if (command != null) {
          out.add(new Example(command, shown.toString()));
        }
        command = line.substring(2);
        shown.setLength(0);
      } else if (command != null) {
        shown.append(line).append('\n');
      }
    }
    if (command != null) {
      out.add(new Example(command, shown.toString()));
    }
    return out;
  }

  /** The command in {@code sh}, in a folder holding {@code ./squall}, with {@code squall} on the PATH. */
  private static String run(String command) throws Exception {
    Path bin = tmp.resolve("bin");
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(bin.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("SQUALL_"));
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("SQUALL_HOME", squall.home().toString()); // the token the server stored, as after ./squall start
    env.put("SQUALL_API_URL", squall.url().toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command + " ended").isTrue();
    return out;
  }

  /** Trailing blank lines and execution ids are not what an example is about. */
  private static String loosely(String text) {
    return EXECUTION_ID.matcher(text.strip()).replaceAll("<execution id>");
  }
}
