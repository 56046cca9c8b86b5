package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "action",
    description = "List actions and show their parameters; create and delete them.",
    subcommands = {ActionCommand.ListCmd.class, ActionCommand.GetCmd.class, ActionCommand.CreateCmd.class,
        ActionCommand.DeleteCmd.class})
final class ActionCommand {

  @Command(name = "create", description = {"Create an action from its metadata file (YAML or JSON, as in"
      + " a pack's actions/ folder), as `st2 action create` does.",
      "The server writes it into $SQUALL_HOME/packs/<pack>/actions/ (pack 'default' when the file names"
          + " none) after checking it as a pack load does; it runs at once. The entry point file goes"
          + " beside it with --entry-point-file."})
  static final class CreateCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "FILE", description = "the action's metadata (name, runner_type, parameters…)")
    java.nio.file.Path file;
    @Option(names = "--entry-point-file", paramLabel = "SCRIPT",
        description = "a script or workflow to write as the action's entry_point") java.nio.file.Path entryPoint;

    CreateCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> body;
      try {
        dev.squall.core.yaml.YamlDocument doc = dev.squall.core.yaml.YamlReader.readOrBadRequest(file);
        if (doc.rootMap() == null) {
          throw new CliException(file + ": an action's metadata must be a mapping (name, runner_type…)", 2);
        }
        body = new java.util.LinkedHashMap<>(doc.rootMap());
      } catch (dev.squall.core.error.SquallException | java.io.UncheckedIOException e) {
        throw new CliException(file + ": " + e.getMessage(), 2);
      }
      if (entryPoint != null) {
        if (!(body.get("entry_point") instanceof String ep) || ep.isBlank()) {
          throw new CliException(file + ": --entry-point-file needs the action's entry_point", 2);
        }
        try {
          body.put("data_files", java.util.List.of(Map.of("file_path", ep,
              "content", java.nio.file.Files.readString(entryPoint))));
        } catch (java.io.IOException e) {
          throw new CliException("cannot read " + entryPoint + ": " + e.getMessage(), 2);
        }
      }
      JsonNode a = env.api().post("/api/v1/actions", body);
      env.out().println("created " + a.path("ref").asText());
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete an action (its metadata file; its entry point file too"
      + " with --remove-files).")
  static final class DeleteCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "REF", description = "PACK.ACTION") String ref;
    @Option(names = "--remove-files", description = "also delete the action's entry point file") boolean removeFiles;

    DeleteCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().delete("/api/v1/actions/" + ref, Map.of("remove_files", removeFiles));
      env.out().println("deleted " + ref);
      return 0;
    }
  }

  @Command(name = "list", description = "Every action, or one pack's.")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = {"-p", "--pack"}, description = "only this pack") String pack;
    @Option(names = "--json", description = "print the API's JSON") boolean json;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode list = env.api().get("/api/v1/actions"
          + ApiClient.query(pack == null ? Map.of("limit", -1) : Map.of("pack", pack, "limit", -1)));
      if (json) {
        env.out().println(list.toPrettyString());
        return 0;
      }
      Table t = new Table("REF", "RUNNER", "DESCRIPTION");
      for (JsonNode a : list) {
        t.row(a.path("ref").asText(), a.path("runner_type").asText(), a.path("description").asText(""));
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "get", description = "One action, its parameters and those of its runner.")
  static final class GetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "PACK.ACTION") String ref;
    @Option(names = "--json", description = "print the API's JSON") boolean json;

    GetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode a = env.api().get("/api/v1/actions/" + ref);
      if (json) {
        env.out().println(a.toPrettyString());
        return 0;
      }
      env.out().println(a.path("ref").asText() + " (" + a.path("runner_type").asText() + ")");
      if (!a.path("description").asText("").isEmpty()) {
        env.out().println(a.path("description").asText());
      }
      JsonNode own = a.path("parameters");
      table(own, name -> true).print(env.out());
      // The runner's parameters work on every action of that runner (timeout, env, cwd…) unless
      // the action redefines them; without them here, users never learn they exist.
      String runner = a.path("runner_type").asText();
      JsonNode runnerParameters = env.api().get("/api/v1/runnertypes/" + runner).path("runner_parameters");
      if (runnerParameters.size() > 0) {
        env.out().println();
        env.out().println("Parameters of the " + runner + " runner:");
        table(runnerParameters, name -> !own.has(name)).print(env.out());
      }
      return 0;
    }

    private static Table table(JsonNode parameters, java.util.function.Predicate<String> shown) {
      Table t = new Table("PARAMETER", "TYPE", "REQUIRED", "DEFAULT", "DESCRIPTION");
      parameters.fields().forEachRemaining(p -> {
        JsonNode s = p.getValue();
        if (shown.test(p.getKey())) {
          t.row(p.getKey(), s.path("type").asText(""), s.path("required").asBoolean(false) ? "yes" : "",
              s.has("default") ? s.get("default").toString() : "", s.path("description").asText(""));
        }
      });
      return t;
    }
  }
}
