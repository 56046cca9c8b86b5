package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "audit", description = {
    "The audit trail: every chat command said to the bot, every API call that changed something,",
    "and every denial, with who, where, what and what came of it. An administrator sees all of",
    "it, anyone else their own records."},
    subcommands = {AuditCommand.ListCmd.class, AuditCommand.GetCmd.class})
final class AuditCommand {

  @Command(name = "list", description = {"Audit records, newest first.", "",
      "Example: squall audit list --user alice --since 2026-01-31",
      "         squall audit list --room '#ops' --outcome denied"})
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--user", description = "only this Squall user's") String user;
    @Option(names = "--chat-user", paramLabel = "ADAPTER:ID", description = "only this chat identity's, e.g. irc:ivy")
    String chatUser;
    @Option(names = "--room", description = "only commands said in this chat room") String room;
    @Option(names = "--action", description = "only records naming this action or alias ref") String action;
    @Option(names = "--status", description = "only records whose executions ended so, e.g. failed") String status;
    @Option(names = "--outcome", description = "ran, answered, accepted, refused, denied, unmatched or failed")
    String outcome;
    @Option(names = "--since", paramLabel = "TIME", description = "made at or after this (2026-01-31 or an ISO-8601 time)")
    String since;
    @Option(names = "--until", paramLabel = "TIME", description = "made before this") String until;
    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--json", description = "print the API's JSON") boolean json;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("limit", limit);
      put(q, "user", user);
      put(q, "chat_user", chatUser);
      put(q, "room", room);
      put(q, "action", action);
      put(q, "status", status);
      put(q, "outcome", outcome);
      put(q, "since", since);
      put(q, "until", until);
      JsonNode list = env.api().get("/api/v1/audit" + ApiClient.query(q));
      if (json) {
        env.out().println(list.toPrettyString());
        return 0;
      }
      Table t = new Table("ID", "AT", "OUTCOME", "USER", "FROM", "WHAT", "EXECUTIONS", "STATUS");
      for (JsonNode r : list) {
        boolean chat = r.path("kind").asText().equals("chat");
        String from = chat ? r.path("chat_user").asText() + " " + r.path("room").asText("") : "api";
        String what = chat ? r.path("command").asText()
            : r.path("method").asText() + " " + r.path("path").asText() + " → " + r.path("http_status").asText();
        t.row(r.path("id").asText(), r.path("at").asText(), r.path("outcome").asText(), r.path("user").asText(""),
            from, what, ids(r), r.path("status").asText(""));
      }
      t.print(env.out());
      return 0;
    }

    private static String ids(JsonNode r) {
      StringBuilder b = new StringBuilder();
      r.path("execution_ids").forEach(id -> b.append(b.isEmpty() ? "" : ",").append(id.asText()));
      return b.toString();
    }

    private static void put(Map<String, Object> q, String key, String value) {
      if (value != null && !value.isBlank()) {
        q.put(key, value);
      }
    }
  }

  @Command(name = "get", description = "One audit record, as JSON.")
  static final class GetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "ID", description = "the record's id, as audit list shows it") String id;

    GetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.out().println(env.api().get("/api/v1/audit/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
          .toPrettyString());
      return 0;
    }
  }
}
