package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "config",
    description = {
        "A pack's configuration ($SQUALL_HOME/configs/PACK.yaml), checked against the pack's",
        "config.schema.yaml; actions read it as {{ config_context.KEY }}."},
    subcommands = {ConfigCommand.GetCmd.class, ConfigCommand.SetCmd.class})
final class ConfigCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "get", description = "Print the pack's config, or one key's value.")
  static final class GetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "PACK") String pack;
    @Parameters(index = "1", paramLabel = "KEY", arity = "0..1") String key;
    @Option(names = "--show-secrets", description = "show secret options in clear (admins)") boolean secrets;

    GetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode values = env.api().get("/api/v1/configs/" + pack
          + (secrets ? "?show_secrets=true" : "")).path("values");
      if (key == null) {
        env.out().println(values.toPrettyString());
        return 0;
      }
      if (!values.has(key)) {
        throw new CliException("pack " + pack + " has no config key \"" + key + "\"", 1);
      }
      JsonNode v = values.get(key);
      env.out().println(v.isTextual() ? v.asText() : v.toString());
      return 0;
    }
  }

  @Command(name = "set", description = {
      "Set one key (KEY VALUE) or several at once (KEY=VALUE …), checked together against the",
      "schema: a new config with required keys is created by giving them all. VALUE is read as",
      "JSON when it parses, else as text.",
      "",
      "Example: squall config set mypack api_url https://example.org",
      "Example: squall config set mypack api_url=https://example.org token=s3cret"})
  static final class SetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "PACK") String pack;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY VALUE | KEY=VALUE") List<String> settings;

    SetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> changes = new LinkedHashMap<>();
      if (settings.size() == 2 && !settings.get(0).contains("=")) {
        changes.put(settings.get(0), parse(settings.get(1)));
      } else {
        for (String s : settings) {
          int eq = s.indexOf('=');
          if (eq <= 0) {
            throw new CliException("\"" + s + "\" is not KEY=VALUE (one key may also be given as KEY VALUE)", 2);
          }
          changes.put(s.substring(0, eq), parse(s.substring(eq + 1)));
        }
      }
      JsonNode current = env.api().get("/api/v1/configs/" + pack + "?show_secrets=true").path("values");
      Map<String, Object> values = new LinkedHashMap<>(JSON.convertValue(current, Map.class));
      values.putAll(changes);
      env.api().put("/api/v1/configs/" + pack, values);
      changes.keySet().forEach(k -> env.out().println("set " + pack + "." + k));
      return 0;
    }

    private static Object parse(String v) {
      try {
        return JSON.readValue(v, Object.class);
      } catch (IOException notJson) {
        return v;
      }
    }
  }
}
