package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code squall pack install|remove|register|search|show}, through StackStorm's pack endpoints:
 * install and remove run as executions whose progress lines are printed as they come.
 */
final class PackLifecycleCommands {

  private PackLifecycleCommands() {}

  @Command(name = "install", description = "Install packs: git URLs (optional =REF), local folders,"
      + " or names from the pack index (optional =VERSION); their dependencies first.")
  static final class Install implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(arity = "1..*", paramLabel = "SOURCE") List<String> sources;
    @Option(names = "--force", description = "install even when a version check fails") boolean force;
    @Option(names = "--skip-dependencies", description = "do not install dependencies") boolean skipDependencies;

    Install(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("packs", sources);
      body.put("force", force);
      body.put("skip_dependencies", skipDependencies);
      JsonNode r = env.api().post("/api/v1/packs/install", body);
      return new ExecutionFollower(env).follow(r.path("execution_id").asText());
    }
  }

  @Command(name = "remove", aliases = "uninstall", description = "Remove installed packs with their"
      + " actions, aliases and rules.")
  static final class Remove implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(arity = "1..*", paramLabel = "PACK") List<String> packs;

    Remove(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode r = env.api().post("/api/v1/packs/uninstall", Map.of("packs", packs));
      return new ExecutionFollower(env).follow(r.path("execution_id").asText());
    }
  }

  @Command(name = "register", description = "Reload packs from disk (all, or the ones named).")
  static final class Register implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(arity = "0..*", paramLabel = "PACK") List<String> packs;

    Register(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode r = env.api().post("/api/v1/packs/register",
          Map.of("packs", packs == null ? List.of() : packs));
      Table t = new Table("CONTENT", "COUNT");
      r.fields().forEachRemaining(f -> t.row(f.getKey(), f.getValue().asText()));
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "search", description = "Search the pack index (packs.index_url).")
  static final class Search implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "QUERY") String query;

    Search(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode list = env.api().post("/api/v1/packs/index/search", Map.of("query", query));
      Table t = new Table("NAME", "VERSION", "DESCRIPTION");
      for (JsonNode p : list) {
        t.row(p.path("name").asText(), p.path("version").asText(""), p.path("description").asText(""));
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "show", description = "A pack's entry in the pack index.")
  static final class Show implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "PACK") String pack;

    Show(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode p = env.api().post("/api/v1/packs/index/search", Map.of("pack", pack));
      Table t = new Table("PROPERTY", "VALUE");
      p.fields().forEachRemaining(f -> t.row(f.getKey(),
          f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
      t.print(env.out());
      return 0;
    }
  }
}
