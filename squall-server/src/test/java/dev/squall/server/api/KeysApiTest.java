package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeysApiTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void setsGetsListsAndDeletesSystemKeys() {
    assertThat(squall.call("PUT", "/api/v1/keys/app.url", "{\"value\": \"https://x\"}").status()).isEqualTo(200);
    var got = squall.get("/api/v1/keys/app.url");
    assertThat(got.json().get("value").asText()).isEqualTo("https://x");
    assertThat(got.json().get("scope").asText()).isEqualTo("st2kv.system");
    assertThat(squall.get("/api/v1/keys?prefix=app.").json().size()).isEqualTo(1);
    assertThat(squall.call("DELETE", "/api/v1/keys/app.url", null).status()).isEqualTo(204);
    assertThat(squall.get("/api/v1/keys/app.url").status()).isEqualTo(404);
  }

  @Test
  void userKeysArePrivateToTheirOwner() {
    squall.call("PUT", "/api/v1/keys/mine", "{\"value\": \"v\", \"scope\": \"user\"}");
    assertThat(squall.get("/api/v1/keys/mine?scope=user").json().get("user").asText()).isEqualTo("admin");
    assertThat(squall.get("/api/v1/keys/mine").status()).isEqualTo(404);
  }

  @Test
  void secretsAreEncryptedAtRestAndShownOnlyWhenDecrypted() throws Exception {
    String secret = "correct-horse-battery-staple-" + System.nanoTime();
    squall.call("PUT", "/api/v1/keys/db.password", "{\"value\": \"" + secret + "\", \"secret\": true}");
    var plain = squall.get("/api/v1/keys/db.password");
    assertThat(plain.body()).doesNotContain(secret);
    assertThat(plain.json().get("encrypted").asBoolean()).isTrue();
    assertThat(squall.get("/api/v1/keys/db.password?decrypt=true").json().get("value").asText()).isEqualTo(secret);
    assertThat(squall.get("/api/v1/keys").body()).doesNotContain(secret);
    // The store's files on disk never hold the clear text.
    try (Stream<Path> files = Files.walk(squall.home().resolve("db"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(raw).as(f.toString()).doesNotContain(secret);
      }
    }
    assertThat(squall.consoleOutput()).doesNotContain(secret);
  }
}
