package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code squall user …} against a running server, with the host's own admin token ($SQUALL_HOME/token). */
class UserCliTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  record Run(int exit, String out, String err) {}

  static Run cli(Map<String, String> extraEnv, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    env.putAll(extraEnv);
    CliEnvironment ce = new CliEnvironment(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(ce).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void createsListsDisablesAndDeletesUsers() {
    Run created = cli(Map.of("SQUALL_PASSWORD", "gina-pw"), "user", "create", "gina", "--role", "observer");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("created user gina (roles: observer)");
    assertThat(squall.login("gina", "gina-pw").status()).isEqualTo(201);
    assertThat(cli(Map.of(), "user", "list").out()).containsPattern("gina\\s+true\\s+false\\s+observer");
    assertThat(cli(Map.of(), "user", "disable", "gina").exit()).isZero();
    assertThat(squall.login("gina", "gina-pw").status()).isEqualTo(401);
    assertThat(cli(Map.of(), "user", "list").out()).containsPattern("gina\\s+false");
    assertThat(cli(Map.of(), "user", "enable", "gina").exit()).isZero();
    assertThat(cli(Map.of(), "user", "delete", "gina").exit()).isZero();
    assertThat(cli(Map.of(), "user", "list").out()).doesNotContain("gina");
  }

  @Test
  void theAdminPasswordIsResetFromTheHostWithTheTokenTheServerLeftThere() {
    Run r = cli(Map.of("SQUALL_PASSWORD", "recovered-pw"), "user", "passwd", "admin");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(squall.login("admin", "recovered-pw").status()).isEqualTo(201);
    assertThat(squall.login("admin", RunningSquall.ADMIN_PASSWORD).status()).isEqualTo(401);
    cli(Map.of("SQUALL_PASSWORD", RunningSquall.ADMIN_PASSWORD), "user", "passwd", "admin");
  }

  @Test
  void linksAndUnlinksAChatIdentity() {
    cli(Map.of(), "user", "create", "lin", "--no-password");
    Run linked = cli(Map.of(), "user", "link", "lin", "irc:lin#home");
    assertThat(linked.exit()).as(linked.err()).isZero();
    assertThat(cli(Map.of(), "user", "links", "lin").out()).contains("irc:lin#home");
    assertThat(squall.squall().bot().identify("irc", "lin#home", "lin").squallUser()).isEqualTo("lin");
    Run unlinked = cli(Map.of(), "user", "unlink", "lin", "irc:lin#home");
    assertThat(unlinked.exit()).as(unlinked.err()).isZero();
    assertThat(squall.squall().bot().identify("irc", "lin#home", "lin").squallUser()).isEqualTo("chatops");
    Run bad = cli(Map.of(), "user", "link", "lin", "no-adapter");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("adapter:id");
  }

  @Test
  void aUsersGroupsGiveItTheRolesOfTheirMappings() throws Exception {
    java.nio.file.Path mappings = java.nio.file.Files.createDirectories(squall.home().resolve("rbac/mappings"));
    java.nio.file.Files.writeString(mappings.resolve("watchers.yaml"), "group: watchers\nroles: [observer]\n");
    assertThat(cli(Map.of(), "rbac", "apply").exit()).isZero();
    Run created = cli(Map.of(), "user", "create", "gus", "--no-password", "--group", "watchers", "--group", "other");
    assertThat(created.exit()).as(created.err()).isZero();
    var gus = squall.get("/api/v1/users/gus").json();
    assertThat(gus.get("groups").toString()).isEqualTo("[\"other\",\"watchers\"]");
    assertThat(gus.get("roles").toString()).isEqualTo("[\"observer\"]");
    var assignment = squall.get("/api/v1/rbac/role_assignments?user=gus").json().get(0);
    assertThat(assignment.get("is_remote").asBoolean()).isTrue();
    assertThat(assignment.get("source").asText()).endsWith("watchers.yaml");
    assertThat(squall.call("PUT", "/api/v1/users/gus", "{\"groups\": []}").json().get("roles").size()).isZero();
    java.nio.file.Files.delete(mappings.resolve("watchers.yaml"));
    cli(Map.of(), "rbac", "apply");
  }

  @Test
  void anUnknownRoleIsAnErrorThatNamesIt() {
    Run r = cli(Map.of("SQUALL_PASSWORD", "x"), "user", "create", "hal", "--role", "wizard");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("wizard");
  }

  @Test
  void rbacApplyReadsTheFilesAgainAndAnInvalidOneChangesNothing() throws Exception {
    java.nio.file.Path roles = java.nio.file.Files.createDirectories(squall.home().resolve("rbac/roles"));
    java.nio.file.Files.writeString(roles.resolve("ops.yaml"), "name: ops\npermission_grants:\n"
        + "  - permission_types: [\"action_list\"]\n");
    Run applied = cli(Map.of(), "rbac", "apply");
    assertThat(applied.exit()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("applied 2 roles, 1 assignments");
    assertThat(squall.get("/api/v1/rbac/roles/ops").status()).isEqualTo(200);

    java.nio.file.Files.writeString(roles.resolve("zz_bad.yaml"), "name: bad\npermission_grants:\n"
        + "  - permission_types: [\"action_execute\"]\n");
    Run refused = cli(Map.of(), "rbac", "apply");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("zz_bad.yaml").contains("action_execute");
    assertThat(squall.get("/api/v1/rbac/roles/ops").status()).isEqualTo(200);
    java.nio.file.Files.delete(roles.resolve("zz_bad.yaml"));
  }
}
