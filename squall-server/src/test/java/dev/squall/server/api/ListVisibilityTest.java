package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A list shows a non-administrator only what they may view, item by item through the one
 * Authorizer: a user who may list everything but holds grants on one pack sees that pack's
 * actions, aliases, rules and executions, and nothing of the others; and the actions a user may
 * run are listed by {@code permission_type=action_execute}.
 */
class ListVisibilityTest {

  static RunningSquall squall;

  @BeforeAll
  static void start() throws IOException {
    Path home = Files.createTempDirectory("squall-lists-");
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/testpack_user.yaml"), """
        name: testpack_user
        permission_grants:
          - permission_types: ["action_list", "action_alias_list", "rule_list", "pack_list", "execution_list"]
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute", "action_alias_view", "rule_view", "pack_view"]
        """);
    Files.writeString(home.resolve("rbac/roles/testpack_exec.yaml"), """
        name: testpack_exec
        permission_grants:
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/tess.yaml"), "username: tess\nroles: [testpack_user]\n");
    Files.writeString(home.resolve("rbac/assignments/olive.yaml"), "username: olive\nroles: [observer, testpack_exec]\n");
    squall = RunningSquall.startIn(home, Map.of());
    squall.post("/api/v1/users", Map.of("name", "tess", "password", "tess-password"));
    squall.post("/api/v1/users", Map.of("name", "olive", "password", "olive-password"));
    squall.runToEnd("core.noop", Map.of());
    squall.runToEnd("testpack.shout", Map.of("word", "hi"));
  }

  @AfterAll
  static void stop() {
    squall.close();
  }

  private static RunningSquall.Response as(String user, String path) {
    String token = squall.login(user, user + "-password").json().get("token").asText();
    return squall.callWith("X-Auth-Token", token, "GET", path, null);
  }

  @Test
  void listsKeepOnlyWhatTheCallerMayView() {
    for (String list : new String[] {"actions", "actionalias", "rules", "packs", "executions"}) {
      JsonNode all = squall.get("/api/v1/" + list + "?limit=100").json();
      RunningSquall.Response response = as("tess", "/api/v1/" + list + "?limit=100");
      assertThat(response.status()).as(list + ": " + response.body()).isEqualTo(200);
      List<String> packs = packs(response.json(), list);
      assertThat(packs).as(list + " tess sees").isNotEmpty().containsOnly("testpack");
      assertThat(packs(all, list)).as(list + " the administrator sees").contains("testpack");
      if (!list.equals("actionalias") && !list.equals("rules")) {
        assertThat(packs(all, list)).as(list + " the administrator sees").contains("core");
      }
    }
  }

  @Test
  void theActionsACallerMayRunAreListedByPermissionType() {
    assertThat(packs(as("olive", "/api/v1/actions?limit=100").json(), "actions"))
        .as("an observer views every action").contains("core", "testpack");
    assertThat(packs(as("olive", "/api/v1/actions?limit=100&permission_type=action_execute").json(), "actions"))
        .as("and may run testpack's only").isNotEmpty().containsOnly("testpack");
    assertThat(packs(squall.get("/api/v1/actions?limit=100&permission_type=action_execute").json(), "actions"))
        .as("an administrator may run every action").contains("core", "testpack");
    RunningSquall.Response unknown = as("olive", "/api/v1/actions?permission_type=action_fly");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.fault()).isEqualTo("Unknown permission type \"action_fly\"");
    assertThat(as("olive", "/api/v1/actions?permission_type=rule_view").status()).isEqualTo(400);
  }

  private static List<String> packs(JsonNode items, String list) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(switch (list) {
      case "packs" -> i.get("ref").asText();
      case "executions" -> i.at("/action/ref").asText().split("\\.")[0];
      default -> i.get("pack").asText();
    }));
    return out;
  }
}
