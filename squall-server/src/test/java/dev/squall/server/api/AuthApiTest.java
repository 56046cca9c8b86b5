package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthApiTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void issuesATokenAsHubotExpectsIt() {
    var r = squall.login("admin", RunningSquall.ADMIN_PASSWORD);
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("user").asText()).isEqualTo("admin");
    assertThat(r.json().get("token").asText()).hasSizeGreaterThan(30);
    assertThat(r.json().get("id").asText()).hasSize(24)
        .isNotEqualTo(r.json().get("token").asText().substring(0, 24));
    assertThat(Instant.parse(r.json().get("expiry").asText())).isAfter(Instant.now().plusSeconds(3600));
  }

  @Test
  void refusesAWrongPasswordAndThrottlesGuessing() {
    for (int i = 0; i < 5; i++) {
      assertThat(squall.login("throttled", "wrong").status()).isEqualTo(401);
    }
    var r = squall.login("throttled", "wrong");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.fault()).contains("Too many failed logins");
  }

  @Test
  void aStrangerElsewhereCannotMakeTheAdminsRightPasswordFail() throws Exception {
    // The stranger connects from another loopback address, as from another machine.
    HttpClient stranger = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
    String guess = Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8));
    List<Integer> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      answers.add(stranger.send(HttpRequest.newBuilder(squall.url().resolve("/auth/v1/tokens"))
          .header("Authorization", "Basic " + guess).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    assertThat(answers).startsWith(401, 401, 401, 401, 401).endsWith(429);
    assertThat(squall.login("admin", RunningSquall.ADMIN_PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void aForwardedForHeaderIsIgnoredUnlessItComesFromATrustedProxy() throws Exception {
    List<Integer> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(ProxiedLoginTest.login(squall, "spoofed", "guess", "192.0.2." + i));
    }
    assertThat(answers).endsWith(429);
  }

  @Test
  void everyApiCallNeedsCredentials() {
    var r = squall.callWith(null, null, "GET", "/api/v1/executions", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.fault()).contains("Token or API key");
    assertThat(squall.callWith("X-Auth-Token", "nonsense", "GET", "/api/v1/actions", null).status()).isEqualTo(401);
    assertThat(r.header("X-Request-ID")).isNotBlank();
  }

  @Test
  void tokensWorkInTheQueryStringToo() {
    var r = squall.callWith(null, null, "GET", "/api/v1/actions?x-auth-token=" + squall.adminToken(), null);
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void apiKeysAreShownOnceAndWorkAsHeaderOrQuery() {
    var created = squall.post("/api/v1/apikeys", Map.of());
    assertThat(created.status()).isEqualTo(201);
    String key = created.json().get("key").asText();
    String id = created.json().get("id").asText();
    assertThat(squall.get("/api/v1/apikeys").body()).doesNotContain(key);
    assertThat(squall.callWith("St2-Api-Key", key, "GET", "/api/v1/actions", null).status()).isEqualTo(200);
    assertThat(squall.callWith(null, null, "GET", "/api/v1/actions?st2-api-key=" + key, null).status()).isEqualTo(200);
    assertThat(squall.call("DELETE", "/api/v1/apikeys/" + id, null).status()).isEqualTo(204);
    assertThat(squall.callWith("St2-Api-Key", key, "GET", "/api/v1/actions", null).status()).isEqualTo(401);
  }

  @Test
  void theFirstStartStoresAPrivateCliToken() throws Exception {
    Path token = squall.home().resolve("token");
    assertThat(token).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
    String t = Files.readString(token).trim();
    assertThat(squall.callWith("X-Auth-Token", t, "GET", "/api/v1/actions", null).status()).isEqualTo(200);
  }
}
