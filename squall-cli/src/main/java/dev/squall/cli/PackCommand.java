package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "pack",
    description = "Install, remove, register and list packs; search the pack index; validate and"
        + " test pack folders offline.",
    subcommands = {PackCommand.ListCmd.class, PackCommand.SetupCmd.class,
        PackLifecycleCommands.Install.class, PackLifecycleCommands.Remove.class,
        PackLifecycleCommands.Register.class, PackLifecycleCommands.Search.class,
        PackLifecycleCommands.Show.class, PackValidateCommand.class, PackTestCommand.class})
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

  @Command(name = "setup", description = "(Re)create a pack's Python virtualenv and install its"
      + " requirements.txt (admin).")
  static final class SetupCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "PACK") String pack;

    SetupCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().println("Setting up the virtualenv of pack " + pack + " (pip may take a while)...");
      JsonNode r = env.api().post("/api/v1/packs/" + java.net.URLEncoder.encode(pack,
          java.nio.charset.StandardCharsets.UTF_8) + "/setup", Map.of(),
          java.time.Duration.ofMinutes(11));
      JsonNode reqs = r.path("requirements");
      env.out().println("Installed " + reqs.size() + " requirement(s)"
          + (reqs.isEmpty() ? "" : ": " + String.join(", ",
              java.util.stream.StreamSupport.stream(reqs.spliterator(), false)
                  .map(JsonNode::asText).toList())));
      env.out().println("Virtualenv ready: " + r.path("virtualenv").asText());
      return 0;
    }
  }
}
