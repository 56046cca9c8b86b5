package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "chat",
    description = "The chat bot's connections (IRC, XMPP, web, console).",
    subcommands = {ChatCommand.StatusCmd.class})
final class ChatCommand {

  @Command(name = "status", description = "Each chat adapter's connection state; exits 1 when one is not connected.")
  static final class StatusCmd implements Callable<Integer> {
    private final CliEnvironment env;

    StatusCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("ADAPTER", "PLATFORM", "STATE", "SINCE", "DETAIL");
      boolean allUp = true;
      for (JsonNode a : env.api().get("/api/v1/chat/adapters")) {
        String state = a.path("state").asText();
        allUp &= state.equals("connected");
        t.row(a.path("name").asText(), a.path("platform").asText(), state, a.path("since").asText(),
            a.path("detail").asText());
      }
      t.print(env.out());
      return allUp ? 0 : 1;
    }
  }
}
