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
        assertThat(strings(users.path("links"))).as("an observer may list everything but users")
            .containsExactly("Executions", "Actions", "Packs", "Rules", "Aliases", "Triggers", "Keys", "Inquiries", "Chat");
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

  @Test
  void theNavigationShowsOnlyTheViewsTheServerSaysTheUserMayList() throws Exception {
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/runner.yaml"), """
        name: runner
        permission_grants:
          - permission_types: ["action_list", "execution_list", "stream_view"]
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/runner.yaml"), "username: runner\nroles: [runner]\n");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of())) {
      squall.post("/api/v1/users", Map.of("name", "runner", "password", "runner-password"));
      String token = squall.login("runner", "runner-password").json().get("token").asText();
      assertThat(strings(squall.callWith("X-Auth-Token", token, "GET", "/api/v1/user", null).json().at("/rbac/permissions")))
          .contains("action_list", "execution_list").doesNotContain("pack_list", "rule_list", "inquiry_list");
      try (Browser b = Browser.run("navigation", squall.url(), Map.of("USER", "runner", "PASSWORD", "runner-password"))) {
        assertThat(strings(b.next("nav").path("links"))).containsExactly("Executions", "Actions", "Keys", "Chat");
        assertThat(b.next("packs_typed").path("main").asText())
            .as("a hidden view typed in shows the server's refusal")
            .contains("doesn't have required permission \"pack_list\"");
        b.finish();
      }
      assertThat(squall.callWith("X-Auth-Token", token, "GET", "/api/v1/rules", null).status()).isEqualTo(403);
      assertThat(squall.callWith("X-Auth-Token", token, "GET", "/api/v1/executions", null).status()).isEqualTo(200);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
