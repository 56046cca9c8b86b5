package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RulesApiTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void aWebhookRuleFiresOnlyForMatchingPayloadsWithTemplatedParameters() {
    int before = squall.get("/api/v1/ruleenforcements?rule_ref=testpack.deploy_hook").json().size();
    assertThat(squall.post("/api/v1/webhooks/deploys", Map.of("env", "staging", "status", "succeeded", "app", "web"))
        .status()).isEqualTo(202);
    assertThat(squall.post("/api/v1/webhooks/deploys", Map.of("env", "prod", "status", "SUCCEEDED", "app", "api"))
        .status()).isEqualTo(202);
    JsonNode enforcements = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/ruleenforcements?rule_ref=testpack.deploy_hook").json(), n -> n.size() == before + 1);
    String executionId = enforcements.get(0).get("execution_id").asText();
    JsonNode e = squall.get("/api/v1/executions/" + executionId).json();
    assertThat(e.at("/parameters/query").asText()).isEqualTo("deployed api");
    assertThat(e.at("/parameters/count").asInt()).isEqualTo(1);
    assertThat(squall.get("/api/v1/triggerinstances").json().size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aRuleSwitchedOffStopsFiringUntilSwitchedOn() {
    assertThat(squall.call("PUT", "/api/v1/rules/testpack.deploy_hook", "{\"enabled\": false}").json()
        .get("enabled").asBoolean()).isFalse();
    int before = squall.get("/api/v1/ruleenforcements?rule_ref=testpack.deploy_hook").json().size();
    squall.post("/api/v1/webhooks/deploys", Map.of("env", "prod", "status", "succeeded", "app", "off"));
    assertThat(squall.call("PUT", "/api/v1/rules/testpack.deploy_hook", "{\"enabled\": true}").json()
        .get("enabled").asBoolean()).isTrue();
    squall.post("/api/v1/webhooks/deploys", Map.of("env", "prod", "status", "succeeded", "app", "on"));
    JsonNode after = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/ruleenforcements?rule_ref=testpack.deploy_hook").json(), n -> n.size() == before + 1);
    String executionId = after.get(0).get("execution_id").asText();
    assertThat(squall.get("/api/v1/executions/" + executionId).json().at("/parameters/query").asText()).isEqualTo("deployed on");
    assertThat(squall.call("PUT", "/api/v1/rules/testpack.deploy_hook", "{\"name\": \"x\"}").status()).isEqualTo(400);
  }

  @Test
  void aWebhooksCredentialHeadersAreNotReadableFromItsTriggerInstance() throws Exception {
    var sent = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            squall.url().resolve("/api/v1/webhooks/deploys"))
        .header("X-Auth-Token", squall.adminToken())
        .header("Authorization", "Bearer webhook-bearer-secret")
        .header("Cookie", "session=webhook-cookie-secret")
        .header("X-Deploy-Source", "ci")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).isEqualTo(202);
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sent.body()).get("trigger_instance").asText();
    String stored = squall.get("/api/v1/triggerinstances/" + id).body();
    assertThat(stored).contains("X-Deploy-Source").doesNotContain("webhook-bearer-secret")
        .doesNotContain("webhook-cookie-secret").doesNotContain(squall.adminToken());
  }

  @Test
  void anUnknownWebhookIsNotFound() {
    var r = squall.post("/api/v1/webhooks/nobody-listens", Map.of("a", 1));
    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void listsRulesAndSystemTriggerTypes() {
    assertThat(squall.get("/api/v1/rules").body()).contains("testpack.deploy_hook");
    assertThat(squall.get("/api/v1/triggertypes?limit=-1").body())
        .contains("core.st2.webhook").contains("core.st2.CronTimer").contains("core.st2.generic.notifytrigger");
    assertThat(squall.get("/api/v1/triggers").json().findValuesAsText("type")).contains("core.st2.webhook");
  }
}
