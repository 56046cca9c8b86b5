package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AliasApiTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  private static JsonNode awaitEnd(String id) {
    return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> squall.get("/api/v1/executions/" + id).json(),
            e -> e.get("status").asText().matches("succeeded|failed|timeout|canceled|abandoned"));
  }

  @Test
  void theAnnouncementExampleRunsEndToEnd() {
    var r = squall.post("/api/v1/aliasexecution/match_and_execute",
        Map.of("command", "google StackStorm and return 5 results", "source_channel", "general", "user", "bob"));
    assertThat(r.status()).isEqualTo(201);
    JsonNode result = r.json().get("results").get(0);
    assertThat(result.at("/actionalias/ref").asText()).isEqualTo("testpack.google");
    JsonNode e = awaitEnd(result.at("/execution/id").asText());
    assertThat(e.at("/action/ref").asText()).isEqualTo("testpack.search");
    assertThat(e.at("/parameters/query").asText()).isEqualTo("StackStorm");
    assertThat(e.at("/parameters/count").isInt()).isTrue();
    assertThat(e.at("/parameters/count").asInt()).isEqualTo(5);
    assertThat(e.at("/context/api_user").asText()).isEqualTo("bob");
    assertThat(e.at("/context/source_channel").asText()).isEqualTo("general");
  }

  @Test
  void aliasExecutionRendersTheAckAsHubotExpects() {
    var r = squall.post("/api/v1/aliasexecution", Map.of("name", "google",
        "format", "search for {{query}}", "command", "search for squall", "user", "bob",
        "source_channel", "general", "notification_route", "hubot"));
    assertThat(r.status()).isEqualTo(201);
    String id = r.json().at("/execution/id").asText();
    assertThat(r.json().get("message").asText()).isEqualTo("Searching for squall (" + id + ")");
    assertThat(r.json().at("/execution/status").asText()).isIn("requested", "scheduled", "running", "succeeded");
  }

  @Test
  void aliasExecutionChecksTheFormatAndTheName() {
    var wrongFormat = squall.post("/api/v1/aliasexecution", Map.of("name", "google",
        "format", "bing {{query}}", "command", "bing x", "source_channel", "c"));
    assertThat(wrongFormat.status()).isEqualTo(400);
    assertThat(wrongFormat.fault()).isEqualTo("Format string \"bing {{query}}\" is not available on the alias \"google\"");
    var unknown = squall.post("/api/v1/aliasexecution", Map.of("name", "nope",
        "format", "x", "command", "x", "source_channel", "c"));
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void matchNamesTheAliasAndTheRepresentation() {
    var r = squall.post("/api/v1/actionalias/match", Map.of("command", "run date"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/actionalias/ref").asText()).isEqualTo("testpack.run");
    assertThat(r.json().get("representation").asText()).isEqualTo("run {{cmd}}");
    assertThat(r.json().get("display").asText()).isEqualTo("run {{cmd}}");
    var none = squall.post("/api/v1/actionalias/match", Map.of("command", "hello donny"));
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.fault()).isEqualTo("Command 'hello donny' matched no patterns");
  }

  @Test
  void aFormatThatDoesNotCompileHarmsNoOtherAlias() {
    assertThat(squall.post("/api/v1/actionalias/match", Map.of("command", "shout hi")).status()).isEqualTo(200);
    assertThat(squall.post("/api/v1/actionalias/match", Map.of("command", "deploy (web x")).status()).isEqualTo(400);
    assertThat(squall.get("/api/v1/actionalias/testpack.broken_format").status()).isEqualTo(200);
  }

  @Test
  void helpListsEnabledAliasesWithPaging() {
    JsonNode help = squall.get("/api/v1/actionalias/help?pack=testpack").json();
    assertThat(help.get("available").asInt()).isGreaterThanOrEqualTo(4);
    assertThat(help.get("helpstrings").toString()).contains("search for {{query}}").contains("greet <name>");
    assertThat(squall.get("/api/v1/actionalias/help?pack=testpack&limit=1").json().get("helpstrings").size()).isEqualTo(1);
  }

  @Test
  void listsAllAliasesWithLimitMinusOne() {
    var r = squall.get("/api/v1/actionalias?limit=-1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().size()).isEqualTo(Integer.parseInt(r.header("X-Total-Count")));
    assertThat(squall.get("/api/v1/actionalias?limit=0").status()).isEqualTo(400);
  }

  @Test
  void anAliasCreatedThroughTheApiMatchesAtOnceAndSurvivesARestart() {
    String body = "{\"name\": \"wave\", \"pack\": \"testpack\", \"action_ref\": \"core.noop\","
        + " \"formats\": [\"wave at {{who}}\"]}";
    assertThat(squall.call("POST", "/api/v1/actionalias", body).status()).isEqualTo(201);
    assertThat(squall.call("POST", "/api/v1/actionalias", body).status()).isEqualTo(409);
    assertThat(squall.post("/api/v1/actionalias/match", Map.of("command", "wave at world")).json()
        .at("/actionalias/ref").asText()).isEqualTo("testpack.wave");
    var bad = squall.call("POST", "/api/v1/actionalias",
        "{\"name\": \"bad\", \"pack\": \"testpack\", \"action_ref\": \"core.noop\", \"formats\": [\"x (y\"]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(squall.call("DELETE", "/api/v1/actionalias/testpack.wave", null).status()).isEqualTo(204);
    assertThat(squall.post("/api/v1/actionalias/match", Map.of("command", "wave at world")).status()).isEqualTo(400);
  }
}
