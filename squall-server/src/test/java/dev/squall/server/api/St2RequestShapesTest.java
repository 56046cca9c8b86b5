package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requests StackStorm's own clients send (st2client 3.9.0's CLI, err-stackstorm), exactly as
 * they send them, each answered as StackStorm answers it.
 */
class St2RequestShapesTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void stRunFindsItsOneRunnerTypeByName() {
    // st2 run asks GET /api/v1/runnertypes/?name=<runner> and stops unless exactly one comes back.
    JsonNode found = squall.get("/api/v1/runnertypes/?name=local-shell-cmd").json();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("name").asText()).isEqualTo("local-shell-cmd");
    assertThat(squall.get("/api/v1/runnertypes/?name=no-such-runner").json()).isEmpty();
  }

  @Test
  void parentNullListsTopLevelExecutionsOnly() {
    String parent = squall.runToEnd("core.noop", Map.of()).get("id").asText();
    var child = squall.post("/api/v1/executions", Map.of("action", "core.noop",
        "context", Map.of("parent", Map.of("execution_id", parent))));
    assertThat(child.status()).isEqualTo(201);
    String childId = child.json().get("id").asText();
    // st2 execution list: GET /api/v1/executions/?limit=50&parent=null&sort_desc=True...
    JsonNode top = squall.get("/api/v1/executions/?limit=50&parent=null&exclude_attributes=result,trigger_instance"
        + "&include_attributes=id,status,start_timestamp").json();
    assertThat(ids(top)).contains(parent).doesNotContain(childId);
    assertThat(ids(squall.get("/api/v1/executions/?parent=" + parent).json())).containsExactly(childId);
  }

  @Test
  void keyListsDefaultScopeAllShowsSystemAndOwnUserKeys() {
    assertThat(squall.call("PUT", "/api/v1/keys/shapes_sys", "{\"name\": \"shapes_sys\", \"value\": \"s\"}")
        .status()).isEqualTo(200);
    assertThat(squall.call("PUT", "/api/v1/keys/shapes_mine",
        "{\"name\": \"shapes_mine\", \"value\": \"m\", \"scope\": \"st2kv.user\"}").status()).isEqualTo(200);
    // st2 key list: GET /api/v1/keys/?scope=all&decrypt=false
    var all = squall.get("/api/v1/keys/?scope=all&decrypt=false");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().findValuesAsText("id")).contains("st2kv.system:shapes_sys", "st2kv.user:admin:shapes_mine");
  }

  @Test
  void theApiRootAnswersWithTheVersionToAnApiKeyAsErrStackstormChecksIt() {
    String key = squall.post("/api/v1/apikeys", Map.of("user", "admin")).json().get("key").asText();
    var root = squall.callWith("St2-Api-Key", key, "GET", "/api/v1/", null);
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.json().get("version").asText()).isEqualTo("3.9.0");
    assertThat(root.json().get("docs_url").asText()).isEqualTo("https://docs.stackstorm.com/3.9");
    assertThat(squall.callWith("St2-Api-Key", "not-a-key", "GET", "/api/v1/", null).status()).isEqualTo(401);
    assertThat(squall.callWith(null, null, "GET", "/api/v1", null).status()).isEqualTo(401);
  }

  @Test
  void triggerGetReadsATriggerTypeByRef() {
    JsonNode t = squall.get("/api/v1/triggertypes/core.st2.webhook").json();
    assertThat(t.get("ref").asText()).isEqualTo("core.st2.webhook");
    assertThat(t.has("payload_schema")).isTrue();
    var missing = squall.get("/api/v1/triggertypes/core.nothing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.fault()).contains("core.nothing");
  }

  @Test
  void reEmitAnswersWithStackStormsMessage() {
    String id = squall.post("/api/v1/webhooks/deploys", Map.of()).json().get("trigger_instance").asText();
    var again = squall.post("/api/v1/triggerinstances/" + id + "/re_emit", Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("message").asText()).isEqualTo("Trigger instance " + id + " succesfully re-sent.");
  }

  @Test
  void ruleAndEnforcementViewsAreNotReadAsIds() {
    JsonNode views = squall.get("/api/v1/rules/views").json();
    assertThat(views.findValuesAsText("ref")).contains("testpack.deploy_hook");
    assertThat(squall.get("/api/v1/rules/views/testpack.deploy_hook").json().at("/trigger/description").asText())
        .isNotBlank();
    squall.post("/api/v1/webhooks/deploys", Map.of("env", "prod", "status", "succeeded", "app", "views"));
    JsonNode enforcements = Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/ruleenforcements/views").json(), n -> n.size() > 0);
    assertThat(enforcements.get(0).at("/trigger_instance/id").asText())
        .isEqualTo(enforcements.get(0).get("trigger_instance_id").asText());
    String id = enforcements.get(0).get("id").asText();
    assertThat(squall.get("/api/v1/ruleenforcements/views/" + id).json().get("id").asText()).isEqualTo(id);
  }

  @Test
  void rulesAreCreatedChangedAndDeletedThroughTheApi() {
    String body = "{\"name\": \"api_made\", \"pack\": \"testpack\", \"description\": \"made by the API\","
        + " \"enabled\": true, \"trigger\": {\"type\": \"core.st2.webhook\", \"parameters\": {\"url\": \"api_made\"}},"
        + " \"criteria\": {}, \"action\": {\"ref\": \"core.noop\", \"parameters\": {}}}";
    var created = squall.call("POST", "/api/v1/rules", body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("ref").asText()).isEqualTo("testpack.api_made");
    assertThat(squall.post("/api/v1/webhooks/api_made", Map.of("a", 1)).status()).isEqualTo(202);
    assertThat(squall.call("POST", "/api/v1/rules", body).status()).isEqualTo(409);
    var noTrigger = squall.call("POST", "/api/v1/rules", "{\"name\": \"x\", \"pack\": \"testpack\","
        + " \"action\": {\"ref\": \"core.noop\"}}");
    assertThat(noTrigger.status()).isEqualTo(400);
    assertThat(noTrigger.fault()).contains("trigger");
    // A changed trigger replaces the rule.
    String moved = body.replace("\"url\": \"api_made\"", "\"url\": \"api_moved\"");
    assertThat(squall.call("PUT", "/api/v1/rules/testpack.api_made", moved).status()).isEqualTo(200);
    assertThat(squall.post("/api/v1/webhooks/api_moved", Map.of("a", 1)).status()).isEqualTo(202);
    assertThat(squall.post("/api/v1/webhooks/api_made", Map.of("a", 1)).status()).isEqualTo(404);
    assertThat(squall.call("DELETE", "/api/v1/rules/testpack.api_made", null).status()).isEqualTo(204);
    assertThat(squall.get("/api/v1/rules/testpack.api_made").status()).isEqualTo(404);
    assertThat(squall.post("/api/v1/webhooks/api_moved", Map.of("a", 1)).status()).isEqualTo(404);
    var fileRule = squall.call("DELETE", "/api/v1/rules/testpack.shell_hook", null);
    assertThat(fileRule.status()).isEqualTo(409);
    assertThat(fileRule.fault()).contains("shell_hook.yaml");
  }

  @Test
  void ruleDisableAndEnableSendTheWholeRuleBackAsTheCliDoes() {
    // st2 rule disable: GET the rule, then PUT it back with enabled false.
    com.fasterxml.jackson.databind.node.ObjectNode rule =
        (com.fasterxml.jackson.databind.node.ObjectNode) squall.get("/api/v1/rules/testpack.shell_hook").json();
    rule.put("enabled", false);
    var off = squall.call("PUT", "/api/v1/rules/testpack.shell_hook", rule.toString());
    assertThat(off.status()).as(off.body()).isEqualTo(200);
    assertThat(off.json().get("enabled").asBoolean()).isFalse();
    // Only the switch changed: the rule is still the file's.
    assertThat(squall.call("DELETE", "/api/v1/rules/testpack.shell_hook", null).status()).isEqualTo(409);
    rule.put("enabled", true);
    assertThat(squall.call("PUT", "/api/v1/rules/testpack.shell_hook", rule.toString()).json()
        .get("enabled").asBoolean()).isTrue();
  }

  @Test
  void stInquiryListGetAndRespondAreAnsweredWithTheFieldsTheCliReads() {
    var asked = squall.post("/api/v1/executions", Map.of("action", "core.ask", "parameters", Map.of(
        "route", "ops", "ttl", 30, "users", java.util.List.of("admin"),
        "schema", Map.of("type", "object", "properties",
            Map.of("continue", Map.of("type", "boolean", "required", true))))));
    assertThat(asked.status()).as(asked.body()).isEqualTo(201);
    String id = asked.json().get("id").asText();
    // st2 inquiry list: GET /api/v1/inquiries/?limit=50; prints id, roles, users, route, ttl.
    JsonNode listed = Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/inquiries/?limit=50").json(), l -> ids(l).contains(id));
    JsonNode mine = null;
    for (JsonNode i : listed) {
      if (i.get("id").asText().equals(id)) {
        mine = i;
      }
    }
    assertThat(mine).isNotNull();
    for (String field : java.util.List.of("id", "schema", "roles", "users", "route", "ttl")) {
      assertThat(mine.has(field)).as(field + " in " + mine).isTrue();
    }
    assertThat(mine.get("route").asText()).isEqualTo("ops");
    assertThat(mine.get("ttl").asInt()).isEqualTo(30);
    assertThat(mine.get("users").isArray()).isTrue();
    assertThat(mine.get("roles").isArray()).isTrue();
    assertThat(mine.get("users").get(0).asText()).isEqualTo("admin");
    // st2 inquiry get: GET /api/v1/inquiries/{id}; the schema is an object with the properties asked.
    JsonNode one = squall.get("/api/v1/inquiries/" + id).json();
    assertThat(one.get("id").asText()).isEqualTo(id);
    assertThat(one.at("/schema/properties/continue/type").asText()).isEqualTo("boolean");
    // st2 inquiry respond: PUT /api/v1/inquiries/{id} with {"id": id, "response": {...}}.
    var answered = squall.call("PUT", "/api/v1/inquiries/" + id,
        "{\"id\": \"" + id + "\", \"response\": {\"continue\": true}}");
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    assertThat(answered.json().get("id").asText()).isEqualTo(id);
    assertThat(answered.json().at("/response/continue").asBoolean()).isTrue();
    JsonNode done = Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/executions/" + id).json(), e -> e.get("status").asText().equals("succeeded"));
    assertThat(done.at("/result/response/continue").asBoolean()).isTrue();
    assertThat(ids(squall.get("/api/v1/inquiries/?limit=50").json())).doesNotContain(id);
  }

  private static java.util.List<String> ids(JsonNode list) {
    java.util.List<String> out = new java.util.ArrayList<>();
    list.forEach(e -> out.add(e.get("id").asText()));
    return out;
  }
}
