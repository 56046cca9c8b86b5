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

@Command(
    name = "key",
    description = {
        "The datastore: values templates read as {{ st2kv.system.NAME }} or {{ st2kv.user.NAME }}.",
        "Secrets are stored encrypted and shown only with --decrypt (admins, or the key's owner)."},
    subcommands = {KeyCommand.ListCmd.class, KeyCommand.GetCmd.class, KeyCommand.SetCmd.class,
        KeyCommand.DeleteCmd.class})
final class KeyCommand {

  static String path(String name) {
    return "/api/v1/keys/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Command(name = "list", description = "Keys of a scope, optionally by name prefix.")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--prefix", description = "only names starting with this") String prefix;
    @Option(names = "--scope", defaultValue = "system", description = "system or user (default ${DEFAULT-VALUE})") String scope;
    @Option(names = "--decrypt", description = "show secrets in clear") boolean decrypt;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("prefix", prefix);
      q.put("scope", scope);
      q.put("decrypt", decrypt ? "true" : null);
      q.put("limit", -1);
      JsonNode list = env.api().get("/api/v1/keys" + ApiClient.query(q));
      Table t = new Table("NAME", "VALUE", "SECRET", "EXPIRES");
      for (JsonNode k : list) {
        t.row(k.path("name").asText(), k.path("value").asText(), k.path("secret").asBoolean() ? "yes" : "",
            k.path("expire_timestamp").asText(""));
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "get", description = "Print one key's value.")
  static final class GetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--scope", defaultValue = "system", description = "system or user (default ${DEFAULT-VALUE})") String scope;
    @Option(names = "--decrypt", description = "show a secret in clear") boolean decrypt;

    GetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode k = env.api().get(path(name) + ApiClient.query(decrypt
          ? Map.of("scope", scope, "decrypt", "true") : Map.of("scope", scope)));
      env.out().println(k.path("value").asText());
      return 0;
    }
  }

  @Command(name = "set", description = "Store a value (replacing any earlier one).")
  static final class SetCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "VALUE") String value;
    @Option(names = "--scope", defaultValue = "system", description = "system or user (default ${DEFAULT-VALUE})") String scope;
    @Option(names = "--secret", description = "encrypt the value at rest") boolean secret;
    @Option(names = "--ttl", paramLabel = "SECONDS", description = "expire after this many seconds") Integer ttl;

    SetCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("value", value);
      body.put("scope", scope);
      body.put("secret", secret);
      if (ttl != null) {
        body.put("ttl", ttl);
      }
      env.api().put(path(name), body);
      env.out().println("stored " + name + (secret ? " (encrypted)" : ""));
      return 0;
    }
  }

  @Command(name = "delete", description = "Remove a key.")
  static final class DeleteCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--scope", defaultValue = "system", description = "system or user (default ${DEFAULT-VALUE})") String scope;

    DeleteCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().delete(path(name) + ApiClient.query(Map.of("scope", scope)));
      env.out().println("deleted " + name);
      return 0;
    }
  }
}
