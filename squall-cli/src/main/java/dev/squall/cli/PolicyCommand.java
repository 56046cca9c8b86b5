package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "policy", description = "The packs' execution policies (concurrency, retry).",
    subcommands = {PolicyCommand.ListCmd.class, PolicyCommand.GetCmd.class})
final class PolicyCommand {

  @Command(name = "list", description = "Policies, with what they apply to.")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--pack", description = "only this pack's") String pack;
    @Option(names = "--resource-ref", description = "only the policies of this action") String resourceRef;
    @Option(names = "--policy-type", description = "only this type, e.g. action.retry") String policyType;
    @Option(names = "--json", description = "print the API's JSON") boolean json;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("limit", -1);
      if (pack != null) {
        q.put("pack", pack);
      }
      if (resourceRef != null) {
        q.put("resource_ref", resourceRef);
      }
      if (policyType != null) {
        q.put("policy_type", policyType);
      }
      JsonNode list = env.api().get("/api/v1/policies" + ApiClient.query(q));
      if (json) {
        env.out().println(list.toPrettyString());
        return 0;
      }
      Table t = new Table("REF", "RESOURCE", "TYPE", "ENABLED", "PARAMETERS");
      for (JsonNode p : list) {
        t.row(p.path("ref").asText(), p.path("resource_ref").asText(), p.path("policy_type").asText(),
            p.path("enabled").asBoolean(), p.path("parameters").toString());
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "get", description = "One policy, as JSON.")
  static final class GetCmd extends ShowJson {
    GetCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    String collection() {
      return "/api/v1/policies/";
    }
  }
}
