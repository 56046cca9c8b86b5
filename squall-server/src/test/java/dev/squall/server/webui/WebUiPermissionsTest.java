package dev.squall.server.webui;

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
 * What a non-administrator sees in the web UI: no users page, and of the actions only those they
 * may run (an observer may view every action, but runs only its pack's), as the API lists them
 * through the one Authorizer.
 */
class WebUiPermissionsTest {

  @TempDir Path home;

  @Test
  void aNonAdministratorSeesNoUsersPageAndNoActionTheyMayNotRun() throws Exception {
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/testpack_runner.yaml"), """
        name: testpack_runner
        permission_grants:
          - permission_types: ["action_list", "execution_list", "stream_view"]
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/viewer.yaml"), "username: viewer\nroles: [observer, testpack_runner]\n");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of())) {
      squall.post("/api/v1/users", Map.of("name", "viewer", "password", "viewer-password"));
      try (Browser b = Browser.run("nonAdmin", squall.url(), Map.of("USER", "viewer", "PASSWORD", "viewer-password"))) {
        JsonNode users = b.next("users_page");
        assertThat(users.path("usersLinkVisible").asBoolean()).isFalse();
        assertThat(users.path("main").asText()).contains("Only administrators see users");
        List<String> refs = new ArrayList<>();
        b.next("actions").path("refs").forEach(r -> refs.add(r.asText()));
        assertThat(refs).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("testpack."))
            .doesNotContain("core.local");
        b.finish();
      }
      String token = squall.login("viewer", "viewer-password").json().get("token").asText();
      assertThat(squall.callWith("X-Auth-Token", token, "GET", "/api/v1/actions?limit=1000", null).body())
          .as("the viewer may view core.local, but not run it").contains("\"core.local\"");
    }
  }
}
