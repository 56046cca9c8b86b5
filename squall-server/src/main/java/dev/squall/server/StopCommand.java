package dev.squall.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.cli.CliEnvironment;
import dev.squall.engine.execution.ExecutionService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "stop",
    description = {
        "Stop the server that runs from this $SQUALL_HOME (its squall.pid), as Ctrl-C would:",
        "running executions get 10 s to finish (then they are marked abandoned), queued ones",
        "wait in the store for the next start. Prints what it waits for.",
        "",
        "Example: squall stop --timeout 120"})
final class StopCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "how long to wait for the server to exit (default 60)")
  int timeout;

  StopCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    Path pidFile = env.home().resolve("squall.pid");
    Optional<ProcessHandle> server = PidFile.read(pidFile);
    if (server.isEmpty()) {
      env.out().println("Squall is not running from " + env.home() + " (no live server in " + pidFile + ")");
      return 0;
    }
    ProcessHandle p = server.get();
    List<String> running = running();
    env.out().println("stopping Squall (pid " + p.pid() + ")…");
    if (!running.isEmpty()) {
      env.out().println("waiting up to " + ExecutionService.DEFAULT_SHUTDOWN_GRACE.toSeconds()
          + " s for " + running.size() + " running execution(s): " + String.join(", ", running));
    }
    p.destroy(); // SIGTERM: the server's shutdown hook closes everything in order
    try {
      p.onExit().get(timeout, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      env.err().println("error: Squall (pid " + p.pid() + ") is still running after " + timeout
          + " s; see " + env.home().resolve("logs/squall.log") + ", or end it with: kill -9 " + p.pid());
      return 1;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
    env.out().println("stopped");
    return 0;
  }

  /** Running executions as the API lists them; none when it cannot be asked (no token, say). */
  private List<String> running() {
    List<String> out = new ArrayList<>();
    try {
      JsonNode list = env.api().get("/api/v1/executions?status=running&limit=20");
      for (JsonNode e : list) {
        out.add(e.path("id").asText() + " (" + e.at("/action/ref").asText(e.path("action").asText()) + ")");
      }
    } catch (RuntimeException unavailable) {
      // the server still stops; it logs what it waits for itself
    }
    return out;
  }
}
