package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A list shows a non-administrator only what they may view, item by item through the one
 * Authorizer: a user who may list everything but holds grants on one pack sees that pack's
 * actions, aliases, rules and executions, and nothing of the others.
 */
class ListVisibilityTest {

  @TempDir Path home;

  @Test
  void listsKeepOnlyWhatTheCallerMayView() throws Exception {
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/testpack_user.yaml"), """
        name: testpack_user
        permission_grants:
          - permission_types: ["action_list", "action_alias_list", "rule_list", "pack_list", "execution_list"]
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute", "action_alias_view", "rule_view", "pack_view"]
        """);
    Files.writeString(home.resolve("rbac/assignments/tess.yaml"), "username: tess\nroles: [testpack_user]\n");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of())) {
      squall.post("/api/v1/users", Map.of("name", "tess", "password", "tess-password"));
      squall.runToEnd("core.noop", Map.of());
      squall.runToEnd("testpack.shout", Map.of("word", "hi"));
      String token = squall.login("tess", "tess-password").json().get("token").asText();
      for (String list : new String[] {"actions", "actionalias", "rules", "packs", "executions"}) {
        JsonNode all = squall.get("/api/v1/" + list + "?limit=100").json();
        var response = squall.callWith("X-Auth-Token", token, "GET", "/api/v1/" + list + "?limit=100", null);
        assertThat(response.status()).as(list + ": " + response.body()).isEqualTo(200);
        JsonNode mine = response.json();
        List<String> packs = packs(mine, list);
        assertThat(packs).as(list + " tess sees").isNotEmpty().containsOnly("testpack");
        assertThat(packs(all, list)).as(list + " the administrator sees").contains("testpack");
        if (!list.equals("actionalias") && !list.equals("rules")) {
          assertThat(packs(all, list)).as(list + " the administrator sees").contains("core");
        }
      }
    }
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
