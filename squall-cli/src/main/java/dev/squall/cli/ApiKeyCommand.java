package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "apikey",
    description = "API keys for scripts and bots (St2-Api-Key header). A key is shown once, when created.",
    subcommands = {ApiKeyCommand.CreateCmd.class, ApiKeyCommand.ListCmd.class, ApiKeyCommand.DeleteCmd.class})
final class ApiKeyCommand {

  @Command(name = "create", description = "Create a key and print it (it cannot be shown again).")
  static final class CreateCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--user", description = "owner (admins only; default: you)") String user;

    CreateCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode k = env.api().post("/api/v1/apikeys", user == null ? Map.of() : Map.of("user", user));
      env.out().println(k.path("key").asText());
      env.err().println("api key " + k.path("id").asText() + " for " + k.path("user").asText()
          + " — store it now, it is not shown again");
      return 0;
    }
  }

  @Command(name = "list", description = "Keys (without their secret).")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("ID", "USER", "ENABLED", "CREATED");
      for (JsonNode k : env.api().get("/api/v1/apikeys?limit=-1")) {
        t.row(k.path("id").asText(), k.path("user").asText(), k.path("enabled").asBoolean(),
            k.path("created_at").asText());
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "delete", description = "Revoke a key.")
  static final class DeleteCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;

    DeleteCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().delete("/api/v1/apikeys/" + id);
      env.out().println("deleted " + id);
      return 0;
    }
  }
}
