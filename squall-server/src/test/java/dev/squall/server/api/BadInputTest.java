package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and careless requests get a clear 4xx and the server keeps serving. */
class BadInputTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("POST", "/api/v1/executions", "{not json", 400, "not valid JSON"),
        Arguments.of("POST", "/api/v1/executions", "[1,2]", 400, "JSON object"),
        Arguments.of("POST", "/api/v1/executions", "{\"action\": 5}", 400, "not of type 'string'"),
        Arguments.of("POST", "/api/v1/executions", "{\"action\": \"core.noop\", \"bogus\": 1}", 400, "'bogus' was unexpected"),
        Arguments.of("POST", "/api/v1/executions", "{\"parameters\": {}}", 400, "'action' is a required property"),
        Arguments.of("POST", "/api/v1/executions", "{\"action\": \"core.noop\", \"parameters\": \"x\"}", 400, "not of type 'object'"),
        Arguments.of("POST", "/api/v1/executions/nope/re_run", "{}", 404, "nope"),
        Arguments.of("GET", "/api/v1/executions/does-not-exist", null, 404, "does-not-exist"),
        Arguments.of("GET", "/api/v1/executions?limit=abc", null, 400, "limit"),
        Arguments.of("GET", "/api/v1/actions/no.such", null, 404, "no.such"),
        Arguments.of("PUT", "/api/v1/keys/k", "{\"value\": 3}", 400, "not of type 'string'"),
        Arguments.of("PUT", "/api/v1/keys/k", "{\"value\": \"v\", \"scope\": \"galaxy\"}", 400, "Invalid scope"),
        Arguments.of("PUT", "/api/v1/keys/k", "{\"value\": \"v\", \"ttl\": \"soon\"}", 400, "integer"),
        Arguments.of("POST", "/api/v1/apikeys", "{\"user\": \"nobody\"}", 404, "nobody"),
        Arguments.of("GET", "/api/v1/nothing-here", null, 404, "not found"));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("badRequests")
  void answersWithAClearFaultstring(String method, String path, String body, int status, String fault) {
    var r = squall.call(method, path, body);
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.fault()).contains(fault);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(squall.get("/api/v1/actions").status()).isEqualTo(200);
  }

  @Test
  void refusesDeeplyNestedJson() {
    String deep = "{\"action\":\"core.noop\",\"parameters\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}}";
    var r = squall.call("POST", "/api/v1/executions", deep);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fault()).contains("deeper");
  }

  @Test
  void refusesOversizedBodies() {
    String huge = "{\"action\":\"core.noop\",\"parameters\":{\"a\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}";
    var r = squall.call("POST", "/api/v1/executions", huge);
    assertThat(r.status()).isEqualTo(413);
    assertThat(squall.get("/api/v1/actions").status()).isEqualTo(200);
  }

  @Test
  void refusesExpiredAndMissingCredentialsOnEveryFamily() {
    for (String path : new String[] {"/api/v1/executions", "/api/v1/actions", "/api/v1/keys", "/api/v1/packs",
        "/api/v1/apikeys", "/api/v1/runnertypes"}) {
      assertThat(squall.callWith(null, null, "GET", path, null).status()).as(path).isEqualTo(401);
      assertThat(squall.callWith("X-Auth-Token", "0".repeat(64), "GET", path, null).status()).as(path).isEqualTo(401);
    }
  }
}
