package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "inquiry",
    description = "Inquiries (core.ask): executions waiting for someone's answer.",
    subcommands = {InquiryCommand.ListCmd.class, InquiryCommand.GetCmd.class, InquiryCommand.RespondCmd.class})
final class InquiryCommand {

  @Command(name = "list", description = "The inquiries waiting for an answer.")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = {"-n", "--limit"}, description = "at most this many (default: all)") Integer limit;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("ID", "ROLES", "USERS", "ROUTE", "TTL");
      for (JsonNode i : env.api().get("/api/v1/inquiries?limit=" + (limit == null ? -1 : limit))) {
        t.row(i.path("id").asText(), join(i.path("roles")), join(i.path("users")), i.path("route").asText(),
            i.path("ttl").asText());
      }
      t.print(env.out());
      return 0;
    }

    private static String join(JsonNode list) {
      StringBuilder b = new StringBuilder();
      list.forEach(n -> b.append(b.isEmpty() ? "" : ", ").append(n.asText()));
      return b.toString();
    }
  }

  @Command(name = "get", description = "One inquiry: who may answer, and its schema.")
  static final class GetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID") String id;

    GetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().println(env.api().get("/api/v1/inquiries/" + id).toPrettyString());
      return 0;
    }
  }

  @Command(name = "respond", description = {"Answer an inquiry with key=value pairs, e.g.",
      "  squall inquiry respond 5f1c… continue=true", "Values are cast by the inquiry's schema; "
      + "a value that does not fit is refused, naming the field."})
  static final class RespondCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "ID") String id;
    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", arity = "1..*", description = "the answer's fields")
    List<String> pairs;

    RespondCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> response = KeyValueArgs.parse(pairs);
      JsonNode r = env.api().put("/api/v1/inquiries/" + id, Map.of("id", id, "response", response));
      env.out().println("Response accepted for inquiry " + r.path("id").asText() + ": " + r.path("response"));
      return 0;
    }
  }
}
