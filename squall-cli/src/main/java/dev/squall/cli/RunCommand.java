package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description = {
        "Run an action and follow it: output is printed as it comes, and the exit code is 0",
        "only when the execution succeeds. The execution id goes to stderr first; Ctrl-C stops",
        "following (the execution goes on, and the CLI says how to cancel it).",
        "",
        "Example: squall run core.local cmd=\"echo hi\""})
final class RunCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Parameters(index = "0", paramLabel = "PACK.ACTION", description = "the action to run")
  String action;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "action parameters")
  List<String> parameters;

  @Option(names = {"-a", "--async"}, description = "print the execution id and return at once")
  boolean async;

  RunCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    JsonNode execution = env.api().post("/api/v1/executions",
        Map.of("action", action, "parameters", KeyValueArgs.parse(parameters)));
    String id = execution.path("id").asText();
    if (async) {
      env.out().println(id);
      return 0;
    }
    env.err().println("execution " + id);
    // Ctrl-C stops following, not the execution: say so, and how to stop it too.
    Thread notice = new Thread(() -> env.err().println(
        "\nexecution " + id + " continues; cancel it with: squall execution cancel " + id));
    Runtime.getRuntime().addShutdownHook(notice);
    try {
      return new ExecutionFollower(env).follow(id);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(notice);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting (Ctrl-C): the notice is being printed
      }
    }
  }
}
