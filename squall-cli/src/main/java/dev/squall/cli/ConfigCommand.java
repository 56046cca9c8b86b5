package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
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

  @Command(name = "set", description = {"Set one key (VALUE is read as JSON when it parses, else as text).",
      "Example: squall config set mypack api_url https://example.org"})
  static final class SetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "PACK") String pack;
    @Parameters(index = "1", paramLabel = "KEY") String key;
    @Parameters(index = "2", paramLabel = "VALUE") String value;

    SetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode current = env.api().get("/api/v1/configs/" + pack + "?show_secrets=true").path("values");
      Map<String, Object> values = new LinkedHashMap<>(JSON.convertValue(current, Map.class));
      values.put(key, parse(value));
      env.api().put("/api/v1/configs/" + pack, values);
      env.out().println("set " + pack + "." + key);
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
