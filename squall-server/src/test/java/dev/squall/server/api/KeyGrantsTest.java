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

/**
 * Per-key datastore grants as StackStorm 3.9 has them: a system key needs
 * {@code key_value_pair_*} on {@code key_value_pair:st2kv.system:NAME}; a user's own keys need none.
 */
class KeyGrantsTest {

  static RunningSquall squall;
  static String kim;
  static String olive;

  @BeforeAll
  static void start() throws IOException {
    Path home = Files.createTempDirectory("squall-key-grants-");
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.writeString(home.resolve("rbac/roles/app_config.yaml"), """
        name: app_config
        permission_grants:
          - resource_uid: "key_value_pair:st2kv.system:app.url"
            permission_types: ["key_value_pair_view"]
          - resource_uid: "key_value_pair:st2kv.system:app.mode"
            permission_types: ["key_value_pair_set"]
        """);
    squall = RunningSquall.startIn(home, Map.of());
    squall.post("/api/v1/users", Map.of("name", "kim", "password", "kim-pw", "roles", List.of("app_config")));
    squall.post("/api/v1/users", Map.of("name", "olive", "password", "olive-pw", "roles", List.of("observer")));
    for (String k : List.of("app.url", "app.mode", "db.host")) {
      assertThat(squall.call("PUT", "/api/v1/keys/" + k, "{\"value\": \"v-" + k + "\"}").status()).isEqualTo(200);
    }
    kim = squall.login("kim", "kim-pw").json().get("token").asText();
    olive = squall.login("olive", "olive-pw").json().get("token").asText();
  }

  @AfterAll
  static void stop() {
    squall.close();
  }

  static RunningSquall.Response as(String token, String method, String path, String body) {
    return squall.callWith("X-Auth-Token", token, method, path, body);
  }

  @Test
  void aGrantOnOneSystemKeyLetsTheUserViewThatKeyOnly() {
    assertThat(as(kim, "GET", "/api/v1/keys/app.url", null).json().get("value").asText()).isEqualTo("v-app.url");
    var denied = as(kim, "GET", "/api/v1/keys/db.host", null);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.fault()).isEqualTo("User \"kim\" doesn't have required permission \"key_value_pair_view\" "
        + "on resource \"key_value_pair:st2kv.system:db.host\"");
    assertThat(as(kim, "GET", "/api/v1/keys", null).json().findValuesAsText("name")).containsExactly("app.url");
  }

  @Test
  void setAndDeleteNeedTheirOwnGrants() {
    assertThat(as(kim, "PUT", "/api/v1/keys/app.mode", "{\"value\": \"blue\"}").status()).isEqualTo(200);
    assertThat(squall.get("/api/v1/keys/app.mode").json().get("value").asText()).isEqualTo("blue");
    assertThat(as(kim, "PUT", "/api/v1/keys/db.host", "{\"value\": \"evil\"}").status()).isEqualTo(403);
    assertThat(as(kim, "DELETE", "/api/v1/keys/app.url", null).status()).isEqualTo(403);
    assertThat(squall.get("/api/v1/keys/db.host").json().get("value").asText()).isEqualTo("v-db.host");
  }

  @Test
  void theObserverViewsEverySystemKeyAndAnyoneHasTheirOwnUserKeys() {
    assertThat(as(olive, "GET", "/api/v1/keys/db.host", null).status()).isEqualTo(200);
    assertThat(as(olive, "GET", "/api/v1/keys", null).json().size()).isEqualTo(3);
    assertThat(as(olive, "PUT", "/api/v1/keys/db.host", "{\"value\": \"x\"}").status()).isEqualTo(403);
    assertThat(as(kim, "PUT", "/api/v1/keys/mine", "{\"value\": \"k\", \"scope\": \"st2kv.user\"}").status()).isEqualTo(200);
    assertThat(as(kim, "GET", "/api/v1/keys/mine?scope=st2kv.user", null).json().get("user").asText()).isEqualTo("kim");
  }
}
