package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "trigger",
    description = "Trigger types, trigger instances (events that happened), and webhooks.",
    subcommands = {TriggerCommand.TypesCmd.class, TriggerCommand.InstancesCmd.class,
        TriggerCommand.ReemitCmd.class, TriggerCommand.WebhookCmd.class})
final class TriggerCommand {

  @Command(name = "types", description = "Trigger types rules can use.")
  static final class TypesCmd implements Callable<Integer> {
    private final CliEnvironment env;

    TypesCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("REF", "DESCRIPTION");
      for (JsonNode tt : env.api().get("/api/v1/triggertypes?limit=-1")) {
        t.row(tt.path("ref").asText(), tt.path("description").asText(""));
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "instances", description = "Recent trigger instances, newest first.")
  static final class InstancesCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})") int limit;

    InstancesCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("ID", "TRIGGER TYPE", "WHEN", "STATUS");
      for (JsonNode ti : env.api().get("/api/v1/triggerinstances" + ApiClient.query(Map.of("limit", limit)))) {
        t.row(ti.path("id").asText(), ti.path("trigger_type").asText(), ti.path("occurrence_time").asText(),
            ti.path("status").asText());
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "re-emit", description = "Send a trigger instance through the rules again.")
  static final class ReemitCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;

    ReemitCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode ti = env.api().post("/api/v1/triggerinstances/" + id + "/re_emit", Map.of());
      env.out().println(ti.path("message").asText());
      return 0;
    }
  }

  @Command(name = "webhook", description = {"POST a JSON body to a webhook, as an external system would.",
      "Example: squall trigger webhook deploys '{\"env\": \"prod\"}'"})
  static final class WebhookCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "JSON", defaultValue = "{}") String body;

    WebhookCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws java.io.IOException {
      env.api().post("/api/v1/webhooks/" + name, ApiClient.JSON.readValue(body, Map.class));
      env.out().println("sent to webhook " + name);
      return 0;
    }
  }
}
