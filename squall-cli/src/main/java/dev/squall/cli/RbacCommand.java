package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "rbac",
    description = "Roles and assignments ($SQUALL_HOME/rbac/roles, rbac/assignments).",
    subcommands = {RbacCommand.ApplyCmd.class})
final class RbacCommand {

  @Command(name = "apply", description = "Make the server read the RBAC files again (administrators); an invalid file changes nothing.")
  static final class ApplyCmd implements Callable<Integer> {
    private final CliEnvironment env;

    ApplyCmd(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      JsonNode r = env.api().post("/api/v1/rbac/apply", Map.of());
      env.out().println("applied " + r.path("roles").asInt() + " roles, "
          + r.path("assignments").asInt() + " assignments");
      return 0;
    }
  }
}
