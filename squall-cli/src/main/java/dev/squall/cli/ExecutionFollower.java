package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Follows an execution until it ends: prints its output lines as they arrive (stdout to stdout,
 * stderr to stderr), then the result when the action printed nothing, and returns the exit code
 * the CLI should end with (0 only when the execution succeeded).
 */
final class ExecutionFollower {

  private static final Set<String> TERMINAL =
      Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");

  private final CliEnvironment env;

  ExecutionFollower(CliEnvironment env) {
    this.env = env;
  }

  int follow(String id) {
    ApiClient api = env.api();
    int stdoutSeen = 0;
    int stderrSeen = 0;
    long pause = 20;
    long started = System.nanoTime();
    Elapsed elapsed = new Elapsed(env);
    JsonNode execution;
    while (true) {
      execution = api.get("/api/v1/executions/" + id);
      boolean done = TERMINAL.contains(execution.path("status").asText());
      // Read output after the status, so nothing printed before the end is missed.
      int before = stdoutSeen + stderrSeen;
      elapsed.clearIfShown();
      stdoutSeen += print(api, id, "stdout", stdoutSeen, env.out());
      stderrSeen += print(api, id, "stderr", stderrSeen, env.err());
      if (done) {
        break;
      }
      if (stdoutSeen + stderrSeen == before) {
        elapsed.show(java.time.Duration.ofNanos(System.nanoTime() - started));
      }
      sleep(pause);
      pause = Math.min(200, pause * 2);
    }
    return finish(execution, stdoutSeen + stderrSeen > 0);
  }

  /**
   * "running… 12 s" on the terminal while a command prints nothing, so a silent command does not
   * look hung. Drawn on stderr with a carriage return and erased before any output; never shown
   * when stderr is not a terminal.
   */
  private static final class Elapsed {
    private final CliEnvironment env;
    private boolean shown;

    Elapsed(CliEnvironment env) {
      this.env = env;
    }

    void show(java.time.Duration d) {
      if (d.toSeconds() >= 1 && env.terminal()) {
        env.err().print("\rrunning… " + d.toSeconds() + " s\u001b[K");
        env.err().flush();
        shown = true;
      }
    }

    void clearIfShown() {
      if (shown) {
        env.err().print("\r\u001b[K");
        env.err().flush();
        shown = false;
      }
    }
  }

  private int finish(JsonNode execution, boolean printedOutput) {
    String status = execution.path("status").asText();
    JsonNode result = execution.path("result");
    if (!printedOutput && result.isObject() && !result.isEmpty()) {
      boolean shellShaped = result.has("stdout") || result.has("stderr");
      if (shellShaped) {
        printText(env.out(), result.path("stdout").asText(""));
        printText(env.err(), result.path("stderr").asText(""));
      } else {
        env.out().println(result.toPrettyString());
      }
    }
    if ("succeeded".equals(status)) {
      return 0;
    }
    String detail = result.hasNonNull("error") ? ": " + result.get("error").asText()
        : result.has("return_code") ? " (return code " + result.get("return_code").asInt() + ")"
        : "";
    env.err().println("error: execution " + execution.path("id").asText() + " " + status + detail);
    return 1;
  }

  private static int print(ApiClient api, String id, String stream, int seen, java.io.PrintStream to) {
    String text = api.getText("/api/v1/executions/" + id + "/output"
        + ApiClient.query(java.util.Map.of("output_type", stream, "offset", seen)));
    if (text.isEmpty()) {
      return 0;
    }
    to.print(text.endsWith("\n") ? text : text + "\n");
    to.flush();
    return (int) text.chars().filter(c -> c == '\n').count() + (text.endsWith("\n") ? 0 : 1);
  }

  private static void printText(java.io.PrintStream to, String text) {
    if (!text.isEmpty()) {
      to.println(text);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    }
  }
}
