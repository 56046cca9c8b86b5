package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "execution",
    aliases = "ex",
    description = "List, inspect, cancel, pause, resume, re-run and follow executions.",
    subcommands = {
        ExecutionCommand.ListCmd.class,
        ExecutionCommand.GetCmd.class,
        ExecutionCommand.CancelCmd.class,
        ExecutionCommand.PauseCmd.class,
        ExecutionCommand.ResumeCmd.class,
        ExecutionCommand.RerunCmd.class,
        ExecutionCommand.TailCmd.class})
final class ExecutionCommand {

  @Command(name = "list", description = "Executions, newest first.")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--action", description = "only this action (PACK.ACTION)") String action;
    @Option(names = "--status", description = "only this status (succeeded, failed, running…)") String status;
    @Option(names = "--user", description = "only executions run by this user") String user;
    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})") int limit;
    @Option(names = "--json", description = "print the API's JSON") boolean json;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("action", action);
      q.put("status", status);
      q.put("user", user);
      q.put("limit", limit);
      JsonNode list = env.api().get("/api/v1/executions" + ApiClient.query(q));
      if (json) {
        env.out().println(list.toPrettyString());
        return 0;
      }
      Table t = new Table("ID", "ACTION", "STATUS", "USER", "STARTED", "ELAPSED");
      for (JsonNode e : list) {
        t.row(e.path("id").asText(), e.path("action").path("ref").asText(),
            e.path("status").asText(), e.path("context").path("user").asText(""),
            e.path("start_timestamp").asText(""),
            e.hasNonNull("elapsed_seconds") ? e.get("elapsed_seconds").asText() + "s" : "");
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "get", description = "One execution: status, parameters, result, and a workflow's"
      + " tasks as a tree (status, start, duration; sub-workflows and items nested).")
  static final class GetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;
    @Option(names = "--json", description = "print the API's JSON") boolean json;

    GetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode e = env.api().get("/api/v1/executions/" + id);
      if (json) {
        env.out().println(e.toPrettyString());
        return 0;
      }
      env.out().println("id: " + e.path("id").asText());
      env.out().println("action: " + e.path("action").path("ref").asText());
      env.out().println("status: " + e.path("status").asText()
          + (e.hasNonNull("elapsed_seconds") ? " (" + e.get("elapsed_seconds").asText() + "s elapsed)" : ""));
      env.out().println("started: " + e.path("start_timestamp").asText(""));
      env.out().println("parameters: " + e.path("parameters"));
      JsonNode approvals = e.path("context").path("squall").path("approvals");
      if (approvals.isArray() && !approvals.isEmpty()) {
        env.out().println("approvals:");
        for (JsonNode a : approvals) {
          env.out().println("  " + a.path("decision").asText() + " by " + a.path("user").asText()
              + (a.hasNonNull("chat") ? " (" + a.path("chat").asText() + ")" : "") + " at " + a.path("at").asText());
        }
      }
      if (e.path("children").size() > 0) {
        env.out().println("tasks:");
        printTasks(env, id, env.api().get("/api/v1/executions/" + id + "/children?depth=-1"));
      }
      env.out().println("result:");
      env.out().println(e.path("result").toPrettyString());
      return 0;
    }
  }

  /**
   * A workflow's task executions as a tree: one line per task (per item of a with-items task),
   * each sub-workflow's tasks indented under it. {@code children} is the API's depth-first list,
   * in which every execution names its {@code parent}.
   */
  static void printTasks(CliEnvironment env, String workflowId, JsonNode children) {
    Map<String, Integer> depth = new java.util.HashMap<>();
    depth.put(workflowId, 0);
    Table t = new Table("  TASK", "STATUS", "STARTED", "DURATION", "ACTION", "ID");
    for (JsonNode c : children) {
      int d = depth.getOrDefault(c.path("parent").asText(), 0);
      depth.put(c.path("id").asText(), d + 1);
      t.row("  " + "  ".repeat(d) + taskName(c), c.path("status").asText(),
          c.path("start_timestamp").asText(""),
          c.hasNonNull("elapsed_seconds")
              ? dev.squall.core.template.HumanTime.duration(c.get("elapsed_seconds").asDouble()) : "",
          c.path("action").path("ref").asText(), c.path("id").asText());
    }
    t.print(env.out());
  }

  /** The task an execution ran for: orquesta's task name (with the item), or the chain's node. */
  private static String taskName(JsonNode child) {
    JsonNode orquesta = child.path("context").path("orquesta");
    if (orquesta.hasNonNull("task_name")) {
      return orquesta.get("task_name").asText()
          + (orquesta.hasNonNull("item_id") ? "[" + orquesta.get("item_id").asInt() + "]" : "");
    }
    return child.path("context").path("chain").path("name").asText("?");
  }

  @Command(name = "cancel", description = "Cancel a queued or running execution.")
  static final class CancelCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;

    CancelCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode e = env.api().delete("/api/v1/executions/" + id);
      env.out().println(id + ": " + e.path("status").asText("canceling"));
      return 0;
    }
  }

  @Command(name = "pause", description = "Pause a running workflow: no new task starts; it is paused"
      + " once its running tasks end.")
  static final class PauseCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;

    PauseCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      return setStatus(env, id, "pausing");
    }
  }

  @Command(name = "resume", description = "Resume a paused workflow where it stopped.")
  static final class ResumeCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;

    ResumeCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      return setStatus(env, id, "resuming");
    }
  }

  /** StackStorm's status update (PUT /executions/{id}); prints the status it answers. */
  private static int setStatus(CliEnvironment env, String id, String status) {
    JsonNode e = env.api().put("/api/v1/executions/" + id, Map.of("status", status));
    env.out().println(id + ": " + e.path("status").asText(status));
    return 0;
  }

  @Command(name = "rerun", aliases = "re-run", description = {
      "Run an execution's action again, optionally with new parameter values.",
      "With --tasks, a completed orquesta workflow goes on from those tasks: the tasks that"
          + " succeeded are not run again (StackStorm's re-run --tasks)."})
  static final class RerunCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "ID") String id;
    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "parameters to override") List<String> overrides;
    @Option(names = {"-a", "--async"}, description = "print the new id and return at once") boolean async;
    @Option(names = "--tasks", split = ",", paramLabel = "TASK",
        description = "workflow tasks to re-run (comma-separated or repeated)") List<String> tasks;
    @Option(names = "--no-reset", split = ",", paramLabel = "TASK", description = "with-items tasks"
        + " among --tasks whose failed items only run again (by default every item does)") List<String> noReset;

    RerunCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      List<String> rerunTasks = tasks == null ? List.of() : tasks;
      List<String> keep = noReset == null ? List.of() : noReset;
      if (!rerunTasks.containsAll(keep)) {
        throw new CliException("List of tasks to reset does not match the tasks to rerun.", 2);
      }
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      body.put("parameters", KeyValueArgs.parse(overrides));
      if (!rerunTasks.isEmpty()) { // as st2's client: every task is reset but the --no-reset ones
        body.put("tasks", rerunTasks);
        body.put("reset", rerunTasks.stream().filter(t -> !keep.contains(t)).toList());
      }
      JsonNode e = env.api().post("/api/v1/executions/" + id + "/re_run", body);
      String newId = e.path("id").asText();
      if (async) {
        env.out().println(newId);
        return 0;
      }
      return new ExecutionFollower(env).follow(newId);
    }
  }

  @Command(name = "tail", description = "Print an execution's output as it comes, until it ends.")
  static final class TailCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;

    TailCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      return new ExecutionFollower(env).follow(id);
    }
  }
}
