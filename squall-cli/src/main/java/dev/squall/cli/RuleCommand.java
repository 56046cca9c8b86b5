package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rule",
    description = "Rules (trigger + criteria -> action) and their enforcements.",
    subcommands = {RuleCommand.ListCmd.class, RuleCommand.GetCmd.class, RuleCommand.EnableCmd.class,
        RuleCommand.DisableCmd.class, RuleCommand.EnforcementsCmd.class})
final class RuleCommand {

  @Command(name = "list", description = "Rules loaded from packs.")
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
      Table t = new Table("REF", "ENABLED", "TRIGGER", "ACTION");
      for (JsonNode r : env.api().get("/api/v1/rules" + ApiClient.query(q))) {
        t.row(r.path("ref").asText(), r.path("enabled").asBoolean(), r.at("/trigger/type").asText(),
            r.at("/action/ref").asText());
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "get", description = "One rule, as JSON.")
  static final class GetCmd extends ShowJson {
    GetCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    String collection() {
      return "/api/v1/rules/";
    }
  }

  @Command(name = "enforcements", description = "When rules fired, and what they ran (or why not).")
  static final class EnforcementsCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--rule", description = "only this rule") String rule;
    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})") int limit;

    EnforcementsCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("rule_ref", rule);
      q.put("limit", limit);
      Table t = new Table("ID", "RULE", "WHEN", "EXECUTION / FAILURE");
      for (JsonNode e : env.api().get("/api/v1/ruleenforcements" + ApiClient.query(q))) {
        t.row(e.path("id").asText(), e.at("/rule/ref").asText(), e.path("enforced_at").asText(),
            e.has("execution_id") ? e.get("execution_id").asText() : e.path("failure_reason").asText());
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "enable", description = "Switch a rule on (kept across restarts).")
  static final class EnableCmd extends SwitchEnabled {
    EnableCmd(CliEnvironment env) {
      super(env, true);
    }

    @Override
    String collection() {
      return "/api/v1/rules/";
    }
  }

  @Command(name = "disable", description = "Switch a rule off (kept across restarts).")
  static final class DisableCmd extends SwitchEnabled {
    DisableCmd(CliEnvironment env) {
      super(env, false);
    }

    @Override
    String collection() {
      return "/api/v1/rules/";
    }
  }
}
