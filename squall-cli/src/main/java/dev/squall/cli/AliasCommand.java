package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.alias.AliasFormatParser;
import dev.squall.core.error.SquallException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "alias",
    description = "Action aliases: chat grammar for actions.",
    subcommands = {AliasCommand.ListCmd.class, AliasCommand.GetCmd.class, AliasCommand.MatchCmd.class,
        AliasCommand.ExecuteCmd.class, AliasCommand.ParseCmd.class})
final class AliasCommand {

  @Command(name = "list", description = "Every alias, or one pack's.")
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
      Table t = new Table("REF", "ACTION", "ENABLED", "FORMATS");
      for (JsonNode a : env.api().get("/api/v1/actionalias" + ApiClient.query(q))) {
        StringBuilder formats = new StringBuilder();
        for (JsonNode f : a.path("formats")) {
          formats.append(formats.isEmpty() ? "" : " | ").append(f.isTextual() ? f.asText()
              : f.path("display").asText(f.path("representation").path(0).asText()));
        }
        t.row(a.path("ref").asText(), a.path("action_ref").asText(), a.path("enabled").asBoolean(), formats);
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "get", description = "One alias, as JSON.")
  static final class GetCmd extends ShowJson {
    GetCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    String collection() {
      return "/api/v1/actionalias/";
    }
  }

  @Command(name = "match", description = "Which alias a chat command would run (the server's matcher).")
  static final class MatchCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
        description = "the chat command, quoted or as separate words") List<String> command;

    MatchCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode m = env.api().post("/api/v1/actionalias/match", Map.of("command", String.join(" ", command)));
      env.out().println(m.at("/actionalias/ref").asText() + " -> " + m.at("/actionalias/action_ref").asText());
      env.out().println("  format: " + m.path("representation").asText());
      return 0;
    }
  }

  @Command(name = "execute", description = "Run a chat command as the bot would, and follow the execution.")
  static final class ExecuteCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
        description = "the chat command, quoted or as separate words") List<String> command;
    @Option(names = {"-a", "--async"}, description = "print the execution id(s) and return at once") boolean async;

    ExecuteCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode r = env.api().post("/api/v1/aliasexecution/match_and_execute",
          Map.of("command", String.join(" ", command), "user", "", "source_channel", "cli"));
      int exit = 0;
      for (JsonNode result : r.path("results")) {
        String id = result.at("/execution/id").asText();
        if (result.hasNonNull("message")) {
          env.err().println(result.get("message").asText());
        }
        if (async) {
          env.out().println(id);
        } else {
          exit = Math.max(exit, new ExecutionFollower(env).follow(id));
        }
      }
      return exit;
    }
  }

  @Command(name = "parse", description = {
      "Offline: parse a command with one alias format, as the server would, and print the",
      "parameters as JSON (exit 0) or the error (exit 1). With --jsonl, read lines",
      "{\"format\": …, \"command\": …} from stdin and write one {\"params\": …} or",
      "{\"error\": …} line per input, in order.",
      "",
      "Example: squall alias parse --format 'deploy {{app}} to {{env=prod}}' -- deploy web to qa"})
  static final class ParseCmd implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CliEnvironment env;

    @Option(names = "--format", description = "the alias format (representation)") String format;
    @Option(names = "--jsonl", description = "read format/command pairs as JSON lines from stdin") boolean jsonl;
    @Parameters(paramLabel = "COMMAND", arity = "0..*",
        description = "the command, quoted or as separate words") List<String> command;

    ParseCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws IOException {
      if (jsonl) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          Map<String, Object> out;
          try {
            JsonNode req = JSON.readTree(line);
            out = Map.of("params", AliasFormatParser.parse(req.path("format").asText(""), req.path("command").asText("")));
          } catch (SquallException | IOException e) {
            out = Map.of("error", e.getMessage());
          }
          env.out().println(JSON.writeValueAsString(out));
        }
        return 0;
      }
      if (format == null || command == null || command.isEmpty()) {
        throw new CliException("give --format FORMAT and the COMMAND (or --jsonl)", 2);
      }
      try {
        env.out().println(JSON.writeValueAsString(AliasFormatParser.parse(format, String.join(" ", command))));
        return 0;
      } catch (SquallException e) {
        env.err().println("error: " + e.getMessage());
        return 1;
      }
    }
  }
}
