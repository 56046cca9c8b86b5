package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "user",
    description = "Users (administrators only): create, list, set a password, disable, enable, delete.",
    subcommands = {UserCommand.CreateCmd.class, UserCommand.ListCmd.class, UserCommand.PasswdCmd.class,
        UserCommand.DisableCmd.class, UserCommand.EnableCmd.class, UserCommand.DeleteCmd.class,
        UserCommand.LinkCmd.class, UserCommand.UnlinkCmd.class, UserCommand.LinksCmd.class})
final class UserCommand {

  /** A new password: SQUALL_PASSWORD, standard input, or asked twice on the terminal. */
  static String newPassword(CliEnvironment env, boolean stdin, String user) throws IOException {
    String p = Passwords.given(env, stdin);
    if (p != null) {
      return p;
    }
    Console console = Passwords.terminal();
    char[] a = console.readPassword("new password for %s: ", user);
    char[] b = console.readPassword("again: ");
    if (a == null || b == null || !new String(a).equals(new String(b))) {
      throw new CliException("the passwords differ", 2);
    }
    return new String(a);
  }

  @Command(name = "create", description = "Create a user; without a password it can only use API keys or chat.")
  static final class CreateCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--admin", description = "an administrator (may do everything)") boolean admin;
    @Option(names = "--role", paramLabel = "ROLE", description = "a role to hold (repeatable)") List<String> roles = new ArrayList<>();
    @Option(names = "--group", paramLabel = "GROUP", description = "a group the user is in, for rbac/mappings (repeatable)")
    List<String> groups = new ArrayList<>();
    @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin;
    @Option(names = "--no-password", description = "no password: API keys and chat only") boolean noPassword;

    CreateCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws IOException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("admin", admin);
      body.put("roles", roles);
      body.put("groups", groups);
      if (!noPassword) {
        body.put("password", newPassword(env, stdin, name));
      }
      JsonNode u = env.api().post("/api/v1/users", body);
      env.out().println("created user " + u.path("name").asText() + " (roles: " + roles(u) + ")");
      return 0;
    }
  }

  @Command(name = "list", description = "Users with their roles.")
  static final class ListCmd implements Callable<Integer> {
    private final CliEnvironment env;

    ListCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("NAME", "ENABLED", "ADMIN", "ROLES", "CREATED");
      for (JsonNode u : env.api().get("/api/v1/users?limit=-1")) {
        t.row(u.path("name").asText(), u.path("enabled").asBoolean(), u.path("is_admin").asBoolean(),
            roles(u), u.path("created_at").asText());
      }
      t.print(env.out());
      return 0;
    }
  }

  @Command(name = "passwd", description = "Set or reset a user's password.")
  static final class PasswdCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin;

    PasswdCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws IOException {
      env.api().put("/api/v1/users/" + name, Map.of("password", newPassword(env, stdin, name)));
      env.out().println("password of " + name + " set");
      return 0;
    }
  }

  @Command(name = "disable", description = "Disable a user: its password, tokens and API keys stop working.")
  static final class DisableCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;

    DisableCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().put("/api/v1/users/" + name, Map.of("enabled", false));
      env.out().println("disabled " + name);
      return 0;
    }
  }

  @Command(name = "enable", description = "Enable a disabled user again.")
  static final class EnableCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;

    EnableCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().put("/api/v1/users/" + name, Map.of("enabled", true));
      env.out().println("enabled " + name);
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete a user with its tokens and API keys (its executions stay).")
  static final class DeleteCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;

    DeleteCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().delete("/api/v1/users/" + name);
      env.out().println("deleted " + name);
      return 0;
    }
  }

  @Command(name = "link", description = "Link a chat identity (adapter:id, e.g. irc:alice) to a user: it runs as that user.")
  static final class LinkCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "ADAPTER:ID") String identity;

    LinkCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().post("/api/v1/users/" + name + "/links", Map.of("identity", identity));
      env.out().println("linked " + identity + " to " + name);
      return 0;
    }
  }

  @Command(name = "unlink", description = "Remove a chat identity's link to a user.")
  static final class UnlinkCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "ADAPTER:ID") String identity;

    UnlinkCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      env.api().delete("/api/v1/users/" + name + "/links/"
          + java.net.URLEncoder.encode(identity, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
      env.out().println("unlinked " + identity + " from " + name);
      return 0;
    }
  }

  @Command(name = "links", description = "The chat identities linked to a user.")
  static final class LinksCmd implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(paramLabel = "NAME") String name;

    LinksCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Table t = new Table("IDENTITY", "LINKED");
      for (JsonNode l : env.api().get("/api/v1/users/" + name + "/links")) {
        t.row(l.path("identity").asText(), l.path("linked_at").asText());
      }
      t.print(env.out());
      return 0;
    }
  }

  private static String roles(JsonNode u) {
    List<String> out = new ArrayList<>();
    u.path("roles").forEach(r -> out.add(r.asText()));
    return out.isEmpty() ? "-" : String.join(",", out);
  }
}
