package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.NodeBot;
import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * One scenario of {@code webui.js} in the Node harness: {@code playwright-core} driving Debian's
 * headless {@code chromium} against a running server, read step by step (a {@link NodeBot}).
 * Skipped without chromium, Node or {@code npm ci}; failed instead under {@code SQUALL_REQUIRE_ALL=1}.
 * Screenshots land in {@code target/screenshots}; with {@code SQUALL_SCREENSHOTS=docs} those the
 * README shows are copied to {@code docs/screenshots} too.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
  /** The screenshots the README shows. */
  private static final Set<String> FOR_DOCS = Set.of("executions-page", "execution-page");

  private final NodeBot bot;

  private Browser(NodeBot bot) {
    this.bot = bot;
  }

  /** Starts {@code scenario} against {@code server}, with the scenario's own {@code env}. */
  static Browser run(String scenario, URI server, Map<String, String> env) throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      String why = "chromium is not installed (Debian package chromium)";
      if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
        throw new AssertionError("SQUALL_REQUIRE_ALL=1 but " + why);
      }
      Assumptions.assumeTrue(false, why);
    }
    Files.createDirectories(SCREENSHOTS);
    Map<String, String> all = new HashMap<>(env);
    all.put("SCENARIO", scenario);
    all.put("SQUALL_URL", server.toString());
    all.put("SCREENSHOTS", SCREENSHOTS.toString());
    all.put("ADMIN_PASSWORD", RunningSquall.ADMIN_PASSWORD);
    all.put("CHROMIUM", CHROMIUM.toString());
    return new Browser(NodeBot.start("webui.js", "playwright-core", all));
  }

  /** Reads until the scenario reaches {@code step} and returns what it printed there. */
  JsonNode next(String step) throws IOException {
    return bot.next(step);
  }

  /**
   * Waits for the scenario to end: it must exit 0, the page must have thrown nothing, and every
   * screenshot it saved must exist (the README's are copied to the docs when asked).
   */
  List<JsonNode> finish() throws IOException, InterruptedException {
    int exit = bot.exitCode();
    assertThat(exit).as("the scenario's exit code; it printed %s", bot.seen()).isZero();
    assertThat(bot.complaints()).as("page errors and script failures").isEmpty();
    List<JsonNode> shots = bot.seen().stream().filter(j -> j.path("step").asText().equals("screenshot")).toList();
    assertThat(shots).as("each scenario saves a screenshot").isNotEmpty();
    for (JsonNode shot : shots) {
      Path file = Path.of(shot.path("file").asText());
      assertThat(file).as("screenshot " + shot.path("name").asText()).isNotEmptyFile();
      if ("docs".equals(System.getenv("SQUALL_SCREENSHOTS")) && FOR_DOCS.contains(shot.path("name").asText())) {
        copyToDocs(file);
      }
    }
    return bot.seen();
  }

  private static void copyToDocs(Path file) {
    String root = System.getenv("SQUALL_REPO_ROOT");
    Path repo = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    try {
      Path docs = Files.createDirectories(repo.resolve("docs/screenshots"));
      Files.copy(file, docs.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    bot.close();
  }
}
