package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "chat",
    description = "The chat bot's connections (IRC, XMPP, web, console).",
    subcommands = {ChatCommand.StatusCmd.class})
final class ChatCommand {

  @Command(name = "status", description = "Each chat adapter's connection state and the node connected for it"
      + " (of several sharing a store, one holds each adapter); exits 1 when one is connected nowhere.")
  static final class StatusCmd implements Callable<Integer> {
    private final CliEnvironment env;

    StatusCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("ADAPTER", "PLATFORM", "STATE", "HOLDER", "SINCE", "DETAIL");
      boolean allUp = true;
      for (JsonNode a : env.api().get("/api/v1/chat/adapters")) {
        String state = a.path("state").asText();
        String holder = a.path("holder").asText("");
        // Held by another node: connected there, which is as it should be.
        boolean elsewhere = !holder.isEmpty() && !holder.equals(a.path("node").asText());
        allUp &= state.equals("connected") || elsewhere;
        t.row(a.path("name").asText(), a.path("platform").asText(), state, holder.isEmpty() ? "-" : holder,
            a.path("since").asText(), a.path("detail").asText());
      }
      t.print(env.out());
      return allUp ? 0 : 1;
    }
  }
}
