package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sensor",
    description = "Sensors: the packs' Python processes that watch other systems and dispatch triggers.",
    subcommands = {SensorCommand.ListCmd.class, SensorCommand.GetCmd.class,
        SensorCommand.EnableCmd.class, SensorCommand.DisableCmd.class})
final class SensorCommand {

  @Command(name = "list", description = "Sensors loaded from packs, with what each is doing"
      + " (running, starting, failing, disabled, stopped).")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = {"-p", "--pack"}, description = "only this pack") String pack;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("pack", pack);
      q.put("limit", -1);
      Table t = new Table("REF", "STATUS", "TRIGGER TYPES", "LAST ERROR");
      for (JsonNode s : env.api().get("/api/v1/sensortypes" + ApiClient.query(q))) {
        StringBuilder triggers = new StringBuilder();
        s.path("trigger_types").forEach(tt -> triggers.append(triggers.isEmpty() ? "" : ", ").append(tt.asText()));
        t.row(s.path("ref").asText(), s.path("status").asText(s.path("enabled").asBoolean() ? "enabled" : "disabled"),
            triggers.toString(), lastLine(s.path("last_error").asText("")));
      }
      t.print(env.out());
      return 0;
    }

    /** An error's last line (a traceback's is the exception), short enough for a table. */
    private static String lastLine(String error) {
      String[] lines = error.strip().split("\n");
      String last = lines[lines.length - 1].strip();
      return last.length() > 100 ? last.substring(0, 97) + "..." : last;
    }
  }

  @Command(name = "get", description = "One sensor, as JSON (with its full last error).")
  static final class GetCmd extends ShowJson {
    GetCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    String collection() {
      return "/api/v1/sensortypes/";
    }
  }

  @Command(name = "enable", description = "Switch a sensor on (kept across restarts); it starts at once.")
  static final class EnableCmd extends SwitchEnabled {
    EnableCmd(CliEnvironment env) {
      super(env, true);
    }

    @Override
    String collection() {
      return "/api/v1/sensortypes/";
    }
  }

  @Command(name = "disable", description = "Switch a sensor off (kept across restarts); its process stops.")
  static final class DisableCmd extends SwitchEnabled {
    DisableCmd(CliEnvironment env) {
      super(env, false);
    }

    @Override
    String collection() {
      return "/api/v1/sensortypes/";
    }
  }
}
