package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the endpoints added for StackStorm's whole API tell a user: traces, execution results and
 * attributes, one execution's output stream, the service registry, webhooks, configs and their
 * schemas, pack files, token checks, and the 501s that say what to use instead.
 */
class St2ApiReadsTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void aTraceFollowsATriggerInstanceThroughItsRuleToTheExecution() {
    String rule = "/api/v1/ruleenforcements?rule_ref=testpack.deploy_hook";
    int before = squall.get(rule).json().size();
    squall.post("/api/v1/webhooks/deploys", Map.of("env", "prod", "status", "succeeded", "app", "traced"));
    JsonNode enforcement = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        squall.get(rule).json(), n -> n.size() == before + 1).get(0);
    String instance = enforcement.get("trigger_instance_id").asText();
    String execution = enforcement.get("execution_id").asText();
    JsonNode traces = squall.get("/api/v1/traces?trigger_instance=" + instance).json();
    assertThat(traces).hasSize(1);
    JsonNode t = traces.get(0);
    assertThat(t.at("/trigger_instances/0/object_id").asText()).isEqualTo(instance);
    assertThat(t.at("/rules/0/ref").asText()).isEqualTo("testpack.deploy_hook");
    assertThat(t.at("/rules/0/caused_by/id").asText()).isEqualTo(instance);
    assertThat(t.at("/action_executions/0/object_id").asText()).isEqualTo(execution);
    assertThat(t.at("/action_executions/0/caused_by/type").asText()).isEqualTo("rule");
    assertThat(squall.get("/api/v1/traces?execution=" + execution).json().get(0).get("id").asText())
        .isEqualTo(t.get("id").asText());
    assertThat(squall.get("/api/v1/traces/" + instance).json().get("trace_tag").asText()).isEqualTo(instance);
    assertThat(squall.get("/api/v1/traces").json().findValuesAsText("id")).contains(instance);
  }

  @Test
  void anExecutionStartedWithATraceTagIsFoundByItWithItsChildren() {
    String parent = squall.post("/api/v1/executions", Map.of("action", "core.noop", "trace_tag", "release-42"))
        .json().get("id").asText();
    String child = squall.post("/api/v1/executions", Map.of("action", "core.noop",
        "context", Map.of("parent", Map.of("execution_id", parent)))).json().get("id").asText();
    JsonNode traces = squall.get("/api/v1/traces?trace_tag=release-42").json();
    assertThat(traces).hasSize(1);
    JsonNode parts = traces.get(0).get("action_executions");
    assertThat(parts.findValuesAsText("object_id")).containsExactly(parent, child);
    assertThat(parts.get(1).at("/caused_by/id").asText()).isEqualTo(parent);
    assertThat(squall.get("/api/v1/traces?execution=" + child).json().get(0).get("id").asText()).isEqualTo(parent);
    assertThat(squall.get("/api/v1/traces/nothing-like-it").status()).isEqualTo(404);
  }

  @Test
  void anExecutionsResultAndOneAttributeAreServedAlone() {
    String id = squall.runToEnd("core.local", Map.of("cmd", "echo alone")).get("id").asText();
    assertThat(squall.get("/api/v1/executions/" + id + "/result").json().get("stdout").asText()).contains("alone");
    assertThat(squall.get("/api/v1/executions/" + id + "/attribute/status").json().asText()).isEqualTo("succeeded");
    var bad = squall.get("/api/v1/executions/" + id + "/attribute/nope");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fault()).contains("nope").contains("result");
    JsonNode filters = squall.get("/api/v1/executions/views/filters").json();
    assertThat(filters.get("action").toString()).contains("core.local");
    assertThat(filters.get("status").toString()).contains("succeeded");
  }

  @Test
  void oneExecutionsOutputStreamsEachLineOnceThenEof() {
    String id = squall.post("/api/v1/executions", Map.of("action", "core.local",
        "parameters", Map.of("cmd", "echo first; sleep 1; echo second"))).json().get("id").asText();
    String live = squall.get("/stream/v1/executions/" + id + "/output").body();
    assertThat(occurrences(live, "first")).isEqualTo(1);
    assertThat(occurrences(live, "second")).isEqualTo(1);
    assertThat(live).contains("event: st2.execution.output__create").endsWith("event: EOF\ndata: ''\n\n");
    // Once it has ended, the stream replays what it printed and ends at once.
    String again = squall.get("/stream/v1/executions/" + id + "/output?output_type=stdout").body();
    assertThat(again).contains("first").contains("second").endsWith("event: EOF\ndata: ''\n\n");
  }

  @Test
  void theServiceRegistryListsThisNode() {
    assertThat(squall.get("/api/v1/service_registry/groups").json().get("groups").toString()).isEqualTo("[\"squall\"]");
    JsonNode members = squall.get("/api/v1/service_registry/groups/squall/members").json().get("members");
    assertThat(members).hasSize(1);
    assertThat(members.get(0).get("member_id").asText()).isNotBlank();
    assertThat(squall.get("/api/v1/service_registry/groups/actionrunner/members").status()).isEqualTo(404);
  }

  @Test
  void webhooksAreListedAsTheTriggersOfTheRulesThatUseThem() {
    JsonNode hooks = squall.get("/api/v1/webhooks").json();
    assertThat(hooks.findValuesAsText("url")).contains("deploys", "shell");
    assertThat(squall.get("/api/v1/webhooks/deploys").json().at("/parameters/url").asText()).isEqualTo("deploys");
    assertThat(squall.get("/api/v1/webhooks/nobody").status()).isEqualTo(404);
    String trigger = hooks.get(0).get("id").asText();
    assertThat(squall.get("/api/v1/triggers/" + java.net.URLEncoder.encode(trigger, java.nio.charset.StandardCharsets.UTF_8))
        .json().get("type").asText()).isEqualTo("core.st2.webhook");
  }

  @Test
  void configsAreListedMaskedAndSchemasServed() {
    assertThat(squall.call("PUT", "/api/v1/configs/testpack",
        "{\"api_url\": \"https://listed\", \"api_token\": \"listed-secret\"}").status()).isEqualTo(200);
    var all = squall.get("/api/v1/configs");
    assertThat(all.body()).contains("https://listed").doesNotContain("listed-secret");
    assertThat(squall.get("/api/v1/configs?show_secrets=true").body()).contains("listed-secret");
    JsonNode schema = squall.get("/api/v1/config_schemas/testpack").json();
    assertThat(schema.at("/attributes/api_token/secret").asBoolean()).isTrue();
    assertThat(squall.get("/api/v1/config_schemas").json().findValuesAsText("pack")).contains("testpack");
    assertThat(squall.get("/api/v1/config_schemas/core").status()).isEqualTo(404);
  }

  @Test
  void aPacksFilesAreServedFromItsFolderOnly() {
    JsonNode files = squall.get("/api/v1/packs/views/files/testpack").json();
    assertThat(files.findValuesAsText("file_path")).contains("pack.yaml", "rules/deploy_hook.yaml");
    assertThat(squall.get("/api/v1/packs/views/file/testpack/rules/deploy_hook.yaml").body()).contains("deploys");
    assertThat(squall.get("/api/v1/packs/views/file/testpack/nothing.yaml").status()).isEqualTo(404);
    assertThat(squall.get("/api/v1/actions/views/parameters/core.local").json().at("/parameters/cmd/type").asText())
        .isEqualTo("string");
  }

  @Test
  void aTokenIsCheckedAsStackStormChecksIt() {
    assertThat(squall.post("/auth/v1/tokens/validate", Map.of("token", squall.adminToken())).json()
        .get("valid").asBoolean()).isTrue();
    assertThat(squall.post("/auth/v1/tokens/validate", Map.of("token", "not-a-token")).json()
        .get("valid").asBoolean()).isFalse();
  }

  @Test
  void whatSquallDoesNotOfferIs501WithWhatToUse() {
    var create = squall.post("/api/v1/triggertypes", Map.of("name", "x", "pack", "testpack"));
    assertThat(create.status()).isEqualTo(501);
    assertThat(create.fault()).contains("packs/<pack>/triggers/");
    var inquiries = squall.get("/api/v1/inquiries/?limit=50"); // offered since issue 19: none waits
    assertThat(inquiries.status()).isEqualTo(200);
    assertThat(inquiries.json().isArray()).isTrue();
    assertThat(squall.callWith(null, null, "GET", "/auth/v1/sso", null).json().get("enabled").asBoolean()).isFalse();
    var sso = squall.callWith(null, null, "GET", "/auth/v1/sso/request", null);
    assertThat(sso.status()).isEqualTo(501);
    assertThat(sso.fault()).contains("Single sign-on").contains("API key");
  }

  private static int occurrences(String text, String word) {
    List<Integer> at = new ArrayList<>();
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      at.add(i);
    }
    return at.size();
  }
}
