package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What StackStorm 3.9's own CLI reads from {@code GET /api/v1/user} ({@code st2 whoami}),
 * {@code /rbac/roles} ({@code st2 role list|get}) and {@code /rbac/role_assignments}
 * ({@code st2 role-assignment list|get}), field by field and with the query parameters it sends
 * (Python's {@code True} for flags). The st2 CLI itself is not installable here (no PyPI), so the
 * requests are the ones st2client makes and the assertions are on the fields it prints.
 */
class St2CliShapesTest {

  static RunningSquall squall;

  @BeforeAll
  static void start() throws IOException {
    Path home = Files.createTempDirectory("squall-st2-shapes-");
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.createDirectories(home.resolve("rbac/mappings"));
    Files.writeString(home.resolve("rbac/roles/runner.yaml"), """
        name: runner
        description: Runs core
        permission_grants:
          - resource_uid: "pack:core"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/ann.yaml"), "username: ann\nroles: [runner]\ndescription: Ann runs\n");
    Files.writeString(home.resolve("rbac/mappings/ops.yaml"), "group: ops\nroles: [observer]\n");
    squall = RunningSquall.startIn(home, Map.of());
    squall.post("/api/v1/users", Map.of("name", "ann", "password", "ann-pw", "groups", List.of("ops")));
  }

  @AfterAll
  static void stop() {
    squall.close();
  }

  @Test
  void whoamiWithATokenHasEverythingSt2WhoamiPrints() {
    String token = squall.login("ann", "ann-pw").json().get("token").asText();
    JsonNode me = squall.callWith("X-Auth-Token", token, "GET", "/api/v1/user", null).json();
    assertThat(me.get("username").asText()).isEqualTo("ann");
    assertThat(me.at("/authentication/method").asText()).isEqualTo("authentication token");
    assertThat(me.at("/authentication/location").asText()).isEqualTo("header");
    assertThat(me.at("/authentication/token_expire").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(me.at("/rbac/enabled").isBoolean()).isTrue();
    assertThat(me.at("/rbac/roles").isArray()).isTrue();
    assertThat(me.at("/rbac/roles").toString()).isEqualTo("[\"observer\",\"runner\"]");
    assertThat(me.at("/rbac/is_admin").asBoolean()).isFalse();
  }

  @Test
  void whoamiWithAnApiKeyNamesTheMethodAndNeedsNoExpiry() {
    String key = squall.post("/api/v1/apikeys", Map.of("user", "ann")).json().get("key").asText();
    JsonNode me = squall.callWith("St2-Api-Key", key, "GET", "/api/v1/user", null).json();
    assertThat(me.at("/authentication/method").asText()).isEqualTo("api key");
    assertThat(me.at("/authentication").has("token_expire")).isFalse();
  }

  @Test
  void roleListAndGetCarryTheColumnsSt2RoleListShows() {
    JsonNode roles = squall.get("/api/v1/rbac/roles").json();
    assertThat(roles.isArray()).isTrue();
    for (JsonNode r : roles) {
      assertThat(r.fieldNames()).toIterable().contains("id", "name", "system", "description", "permission_grants");
      assertThat(r.get("system").isBoolean()).isTrue();
    }
    assertThat(roles.findValuesAsText("name")).containsExactly("system_admin", "admin", "observer", "runner");
    // st2 role list --system sends system=True
    assertThat(squall.get("/api/v1/rbac/roles?system=True").json().findValuesAsText("name"))
        .containsExactly("system_admin", "admin", "observer");
    JsonNode runner = roles.get(3);
    assertThat(runner.at("/permission_grants/0/resource_uid").asText()).isEqualTo("pack:core");
    assertThat(runner.at("/permission_grants/0/permission_types/0").asText()).isEqualTo("action_execute");
    // st2 role get ID (or NAME)
    assertThat(squall.get("/api/v1/rbac/roles/" + runner.get("id").asText()).json().get("name").asText()).isEqualTo("runner");
    assertThat(squall.get("/api/v1/rbac/roles/runner").json().get("description").asText()).isEqualTo("Runs core");
  }

  @Test
  void roleAssignmentListAndGetCarryTheColumnsAndFiltersOfSt2RoleAssignmentList() {
    JsonNode all = squall.get("/api/v1/rbac/role_assignments").json();
    assertThat(all.isArray()).isTrue();
    for (JsonNode a : all) {
      assertThat(a.fieldNames()).toIterable().contains("id", "role", "user", "is_remote", "source", "description");
      assertThat(a.get("is_remote").isBoolean()).isTrue();
    }
    JsonNode ann = squall.get("/api/v1/rbac/role_assignments?user=ann").json();
    assertThat(ann.findValuesAsText("role")).containsExactlyInAnyOrder("runner", "observer");
    JsonNode remote = squall.get("/api/v1/rbac/role_assignments?user=ann&remote=True").json();
    assertThat(remote).hasSize(1);
    assertThat(remote.get(0).get("role").asText()).isEqualTo("observer");
    assertThat(remote.get(0).get("source").asText()).endsWith("ops.yaml");
    JsonNode byRole = squall.get("/api/v1/rbac/role_assignments?role=runner").json();
    assertThat(byRole.findValuesAsText("user")).containsExactly("ann");
    String source = byRole.get(0).get("source").asText();
    assertThat(squall.get("/api/v1/rbac/role_assignments?source=" + java.net.URLEncoder.encode(source,
        java.nio.charset.StandardCharsets.UTF_8)).json()).hasSize(1);
    String id = byRole.get(0).get("id").asText();
    JsonNode one = squall.get("/api/v1/rbac/role_assignments/" + id).json();
    assertThat(one.get("description").asText()).isEqualTo("Ann runs");
    assertThat(one.get("is_remote").asBoolean()).isFalse();
  }
}
