package dev.squall.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A bot written with a platform's official Node library (a script in the server's Node harness,
 * {@code squall-server/src/test/node}), run against one of the Java fakes. The script prints one
 * JSON object a line; the test reads them in turn, playing the user and the platform between them.
 * Skipped without Node or {@code npm ci}, unless {@code SQUALL_REQUIRE_ALL=1}.
 */
public final class NodeBot implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final BufferedReader out;
  private final List<JsonNode> seen = new ArrayList<>();

  private NodeBot(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  public static Path harness() {
    String root = System.getenv("SQUALL_REPO_ROOT");
    Path repo = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    return repo.resolve("squall-server/src/test/node");
  }

  /** Starts {@code script} once Node and the {@code module} it needs are installed; else skips the test. */
  public static NodeBot start(String script, String module, Map<String, String> env) throws IOException {
    boolean node = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "node")));
    boolean installed = Files.isDirectory(harness().resolve("node_modules").resolve(module));
    String why = !node ? "node is not installed (Debian package nodejs)"
        : !installed ? "run `npm ci` in squall-server/src/test/node (" + module + " is missing)" : null;
    if (why != null && "1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      throw new AssertionError("SQUALL_REQUIRE_ALL=1 but " + why);
    }
    Assumptions.assumeTrue(why == null, why);
    ProcessBuilder pb = new ProcessBuilder("node", script).directory(harness().toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    return new NodeBot(pb.start());
  }

  /**
   * Reads lines until one has {@code "step": step}, and returns it. Any other line is kept for
   * {@link #seen()}; the script's own timeout ends it (and this read) if the step never comes.
   */
  public JsonNode next(String step) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      JsonNode json = read(line);
      if (step.equals(json.path("step").asText())) {
        return json;
      }
    }
    throw new AssertionError("the bot ended before step " + step + "; it printed " + seen);
  }

  /** Keeps one printed line; one that is not JSON (a crash's stack trace, say) counts as a complaint. */
  private JsonNode read(String line) throws IOException {
    JsonNode json = line.startsWith("{") ? JSON.readTree(line)
        : JSON.createObjectNode().put("log", "stdout").put("msg", line);
    seen.add(json);
    return json;
  }

  /** Every line read so far. */
  public List<JsonNode> seen() {
    return List.copyOf(seen);
  }

  /**
   * The lines where the library logged a warning or an error, or the script printed something not
   * JSON; its {@code info} lines are not complaints.
   */
  public List<JsonNode> complaints() {
    return seen.stream().filter(j -> j.has("log") && !j.path("log").asText().equals("info")).toList();
  }

  /** Waits for the script to end and returns its exit code, reading what it prints meanwhile. */
  public int exitCode() throws IOException, InterruptedException {
    for (String line; (line = out.readLine()) != null; ) {
      read(line);
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the bot did not end; it printed " + seen);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
