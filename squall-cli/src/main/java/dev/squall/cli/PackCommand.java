package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "pack",
    description = "List installed packs; validate and test pack folders offline.",
    subcommands = {PackCommand.ListCmd.class, PackValidateCommand.class, PackTestCommand.class})
final class PackCommand {

  @Command(name = "list", description = "Packs the server has loaded.")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--json", description = "print the API's JSON") boolean json;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode list = env.api().get("/api/v1/packs" + ApiClient.query(Map.of("limit", -1)));
      if (json) {
        env.out().println(list.toPrettyString());
        return 0;
      }
      Table t = new Table("PACK", "VERSION", "DESCRIPTION");
      for (JsonNode p : list) {
        t.row(p.path("ref").asText(), p.path("version").asText(""), p.path("description").asText(""));
      }
      t.print(env.out());
      return 0;
    }
  }
}
