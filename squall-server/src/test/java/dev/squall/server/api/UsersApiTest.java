package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users through the API, {@code /api/v1/user} and the {@code /rbac} endpoints in StackStorm's shapes. */
class UsersApiTest {

  static RunningSquall squall;
  static Path home;

  @BeforeAll
  static void start() throws IOException {
    home = Files.createTempDirectory("squall-users-");
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/core_runner.yaml"), """
        name: core_runner
        description: May run the core pack's actions
        permission_grants:
          - resource_uid: "pack:core"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/carol.yaml"), """
        username: carol
        roles: ["core_runner"]
        """);
    squall = RunningSquall.startIn(home, Map.of());
  }

  @AfterAll
  static void stop() {
    squall.close();
  }

  static String tokenOf(String user, String password) {
    return squall.login(user, password).json().get("token").asText();
  }

  @Test
  void whoAmIAnswersInStackStormsShape() {
    var r = squall.get("/api/v1/user");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("username").asText()).isEqualTo("admin");
    assertThat(r.json().at("/authentication/method").asText()).isEqualTo("authentication token");
    assertThat(r.json().at("/authentication/location").asText()).isEqualTo("header");
    assertThat(r.json().at("/rbac/enabled").asBoolean()).isTrue();
    assertThat(r.json().at("/rbac/is_admin").asBoolean()).isTrue();
    assertThat(r.json().at("/rbac/roles/0").asText()).isEqualTo("admin");
  }

  @Test
  void anAdministratorCreatesAUserWhoLogsInAndSeesItsRoles() {
    var created = squall.post("/api/v1/users", Map.of("name", "dave", "password", "dave-pw", "roles", List.of("observer")));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("is_admin").asBoolean()).isFalse();
    String token = tokenOf("dave", "dave-pw");
    var me = squall.callWith("X-Auth-Token", token, "GET", "/api/v1/user", null);
    assertThat(me.json().at("/rbac/roles").toString()).isEqualTo("[\"observer\"]");
    assertThat(me.json().at("/rbac/is_admin").asBoolean()).isFalse();
    // What the server would let dave do without naming a resource: an observer lists, installs nothing.
    List<String> may = new java.util.ArrayList<>();
    me.json().at("/rbac/permissions").forEach(t -> may.add(t.asText()));
    assertThat(may).contains("pack_list", "rule_list", "execution_list", "inquiry_list")
        .doesNotContain("pack_install", "inquiry_respond", "api_key_create");
    // A non-administrator may not manage users.
    assertThat(squall.callWith("X-Auth-Token", token, "GET", "/api/v1/users", null).status()).isEqualTo(403);
  }

  @Test
  void aDisabledUserIsLockedOutAtOnceAndADeletedOneIsGone() {
    squall.post("/api/v1/users", Map.of("name", "erin", "password", "erin-pw"));
    String token = tokenOf("erin", "erin-pw");
    assertThat(squall.call("PUT", "/api/v1/users/erin", "{\"enabled\": false}").json().get("enabled").asBoolean()).isFalse();
    assertThat(squall.callWith("X-Auth-Token", token, "GET", "/api/v1/user", null).status()).isEqualTo(401);
    assertThat(squall.login("erin", "erin-pw").status()).isEqualTo(401);
    squall.call("PUT", "/api/v1/users/erin", "{\"enabled\": true, \"password\": \"new-pw\"}");
    assertThat(squall.login("erin", "erin-pw").status()).isEqualTo(401);
    assertThat(squall.login("erin", "new-pw").status()).isEqualTo(201);
    assertThat(squall.call("DELETE", "/api/v1/users/erin", null).status()).isEqualTo(204);
    assertThat(squall.get("/api/v1/users/erin").status()).isEqualTo(404);
  }

  @Test
  void anUnknownRoleOrTheLastAdministratorsRemovalIsRefused() {
    var r = squall.post("/api/v1/users", Map.of("name", "fay", "roles", List.of("no_such_role")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fault()).contains("no_such_role");
    assertThat(squall.call("DELETE", "/api/v1/users/admin", null).status()).isEqualTo(409);
  }

  @Test
  void rolesAndAssignmentsAreServedAsStackStormServesThem() {
    var roles = squall.get("/api/v1/rbac/roles").json();
    assertThat(roles.findValuesAsText("name")).containsExactly("system_admin", "admin", "observer", "core_runner");
    var role = squall.get("/api/v1/rbac/roles/core_runner").json();
    assertThat(role.get("system").asBoolean()).isFalse();
    assertThat(role.at("/permission_grants/0/resource_uid").asText()).isEqualTo("pack:core");
    assertThat(role.at("/permission_grants/0/permission_types/0").asText()).isEqualTo("action_execute");
    assertThat(squall.get("/api/v1/rbac/roles?system=true").json().findValuesAsText("name"))
        .containsExactly("system_admin", "admin", "observer");

    var carol = squall.get("/api/v1/rbac/role_assignments?user=carol").json();
    assertThat(carol).hasSize(1);
    assertThat(carol.get(0).get("role").asText()).isEqualTo("core_runner");
    assertThat(carol.get(0).get("is_remote").asBoolean()).isFalse();
    assertThat(carol.get(0).get("source").asText()).endsWith("carol.yaml");
    String id = carol.get(0).get("id").asText();
    assertThat(squall.get("/api/v1/rbac/role_assignments/" + id).json().get("user").asText()).isEqualTo("carol");

    var types = squall.get("/api/v1/rbac/permission_types").json();
    assertThat(types.get("action").toString()).contains("action_execute", "action_view");
    assertThat(squall.get("/api/v1/rbac/permission_types/execution").json().toString()).contains("execution_rerun");
    assertThat(squall.get("/api/v1/rbac/permission_types/nonsense").status()).isEqualTo(404);
  }
}
