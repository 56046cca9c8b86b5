package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.server.RunningSquall;
import dev.squall.server.http.RouteInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * StackStorm 3.9.0's API spec, as shipped (test resource {@code st2-openapi-3.9.0.yaml.j2},
 * rendered here), against a real server: every path and method of the spec has a route, and a call
 * of each with admin credentials and real fixtures gets the spec's status and a body that
 * validates against the spec's schema for it. What Squall deliberately does not offer answers 501
 * with a faultstring (StackStorm's Error schema).
 */
class St2ApiConformanceTest {

  /** What Squall answers 501, with why and what to use (NotOfferedApi). */
  static final Set<String> NOT_OFFERED = Set.of(
      "POST /api/v1/actions/{ref_or_id}/clone",
      "POST /api/v1/triggertypes", "PUT /api/v1/triggertypes/{triggertype_ref_or_id}",
      "DELETE /api/v1/triggertypes/{triggertype_ref_or_id}", "POST /api/v1/triggers",
      "PUT /api/v1/triggers/{trigger_id}", "DELETE /api/v1/triggers/{trigger_id}",
      "PUT /api/v1/runnertypes/{name_or_id}", "PUT /api/v1/apikeys/{api_key_id_or_key}",
      "POST /api/v1/workflows/inspect", "GET /auth/v1/sso/request", "POST /auth/v1/sso/callback");

  static RunningSquall squall;
  static JsonNode spec;
  static SpecSchema schemas;
  static final Map<String, String> fx = new HashMap<>();

  @BeforeAll
  static void start() throws IOException {
    spec = new ObjectMapper(new YAMLFactory()).readTree(render(new String(
        St2ApiConformanceTest.class.getResourceAsStream("/st2-openapi-3.9.0.yaml.j2").readAllBytes(),
        StandardCharsets.UTF_8)));
    schemas = new SpecSchema(spec);
    Path home = Files.createTempDirectory("squall-conformance-");
    Path pack = home.resolve("packs/conformance");
    Files.createDirectories(pack.resolve("actions"));
    Files.createDirectories(pack.resolve("rules"));
    Files.writeString(pack.resolve("pack.yaml"), "ref: conformance\nname: conformance\nversion: 1.0.0\n"
        + "description: Fixtures of the API conformance test\nauthor: squall\n");
    Files.writeString(pack.resolve("actions/script.yaml"), "name: script\nrunner_type: local-shell-script\n"
        + "entry_point: script.sh\ndescription: A script action\nparameters: {}\n");
    Files.writeString(pack.resolve("actions/script.sh"), "#!/bin/sh\necho from a script\n");
    Files.writeString(pack.resolve("rules/hourly.yaml"), "name: hourly\npack: conformance\nenabled: true\n"
        + "trigger:\n  type: core.st2.IntervalTimer\n  parameters: {unit: hours, delta: 1}\n"
        + "action:\n  ref: core.noop\n");
    Files.createDirectories(pack.resolve("policies"));
    Files.writeString(pack.resolve("policies/limit.yaml"), "name: limit\npack: conformance\n"
        + "resource_ref: conformance.script\npolicy_type: action.concurrency\nparameters: {threshold: 10}\n");
    Files.createDirectories(pack.resolve("sensors"));
    Files.writeString(pack.resolve("sensors/watch.yaml"), "class_name: Watch\nentry_point: watch.py\n"
        + "description: A sensor\npoll_interval: 60\ntrigger_types:\n  - name: seen\n"
        + "    payload_schema: {type: object}\n");
    Files.writeString(pack.resolve("sensors/watch.py"), "from st2reactor.sensor.base import PollingSensor\n\n"
        + "class Watch(PollingSensor):\n    def setup(self):\n        pass\n    def poll(self):\n        pass\n"
        + "    def cleanup(self):\n        pass\n    def add_trigger(self, t):\n        pass\n"
        + "    def update_trigger(self, t):\n        pass\n    def remove_trigger(self, t):\n        pass\n");
    // The sensor is listed, not run: these tests are about the API's answers.
    Path index = Files.writeString(home.resolve("index.json"), "{\"metadata\": {}, \"packs\": {\"conformance_extra\":"
        + " {\"name\": \"conformance_extra\", \"description\": \"A pack of the test's index\", \"version\": \"1.0.0\","
        + " \"repo_url\": \"https://example.invalid/conformance_extra\", \"keywords\": [\"conformance\"]}}}");
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks().toString(),
        "SQUALL_SENSORS_ENABLED", "false", "SQUALL_PACKS_INDEX_URL", index.toString()));
    fixtures();
  }

  @AfterAll
  static void stop() {
    squall.close();
  }

  /** The template's few values, as StackStorm fills them in. */
  static String render(String template) {
    String raw = template.replaceAll("\\{%-? *(raw|endraw) *-?%}", "");
    StringBuilder out = new StringBuilder();
    Matcher m = Pattern.compile("\\{\\{ *(PERMISSION_TYPE\\.([A-Z_]+)|ISO8601_UTC_REGEX|LIVEACTION_STATUSES) *}}")
        .matcher(raw);
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2).toLowerCase()
          : m.group(1).equals("ISO8601_UTC_REGEX")
              ? "'^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|\\+00|\\+0000|\\+00:00)$'"
              : "[requested, scheduled, delayed, running, succeeded, failed, timeout, abandoned, canceling,"
                  + " canceled, pending, pausing, paused, resuming]";
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static void fixtures() {
    fx.put("execution", squall.runToEnd("core.local", Map.of("cmd", "echo conformance")).get("id").asText());
    fx.put("running", squall.post("/api/v1/executions", Map.of("action", "core.local",
        "parameters", Map.of("cmd", "sleep 30"))).json().get("id").asText());
    squall.call("PUT", "/api/v1/keys/conformance_key", "{\"name\": \"conformance_key\", \"value\": \"v\"}");
    fx.put("apikey", squall.post("/api/v1/apikeys", Map.of()).json().get("id").asText());
    squall.call("POST", "/api/v1/actionalias", "{\"name\": \"conformance_wave\", \"pack\": \"testpack\","
        + " \"action_ref\": \"core.noop\", \"formats\": [\"conformance wave\"]}");
    squall.post("/api/v1/webhooks/deploys", Map.of("env", "prod", "status", "succeeded", "app", "conformance"));
    JsonNode enforcement = Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/ruleenforcements?rule_ref=testpack.deploy_hook").json(), n -> n.size() > 0);
    fx.put("enforcement", enforcement.get(0).get("id").asText());
    fx.put("instance", enforcement.get(0).get("trigger_instance_id").asText());
    fx.put("trigger", first("/api/v1/webhooks"));
    fx.put("timer", first("/api/v1/timers"));
    fx.put("role", squall.get("/api/v1/rbac/roles").json().get(0).get("name").asText());
    fx.put("assignment", first("/api/v1/rbac/role_assignments"));
    String inquiry = squall.post("/api/v1/executions", Map.of("action", "core.ask")).json().get("id").asText();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> squall.get("/api/v1/executions/" + inquiry)
        .json().get("status").asText(), "pending"::equals);
    fx.put("inquiry", inquiry);
  }

  private static String first(String path) {
    JsonNode list = squall.get(path).json();
    assertThat(list.size()).as(path).isPositive();
    return list.get(0).get("id").asText();
  }

  /** One call of the spec: where, with what, and what StackStorm would answer. */
  record Call(String method, String path, String body, Map<String, String> headers) {}

  static Call call(String method, String specPath) {
    String key = method + " " + specPath;
    String token = squall.adminToken();
    Map<String, String> auth = Map.of("X-Auth-Token", token);
    // Writes go to the test's own pack (core is shipped read-only); a deletion takes what a POST made.
    String actionRef = switch (method) {
      case "PUT" -> "conformance.script";
      case "DELETE" -> "conformance.made_here";
      default -> "core.local";
    };
    String path = specPath
        .replace("/actions/views/entry_point/{ref_or_id}", "/actions/views/entry_point/conformance.script")
        .replace("/actions/{ref_or_id}", "/actions/" + actionRef)
        .replace("/actions/views/overview/{ref_or_id}", "/actions/views/overview/core.local")
        .replace("/actions/views/parameters/{ref_or_id}", "/actions/views/parameters/core.local")
        .replace("/actionalias/{ref_or_id}", "/actionalias/testpack.conformance_wave")
        .replace("{id}/attribute/{attribute}", "{id}/attribute/status")
        .replace("/executions/{id}", "/executions/" + fx.get(method.equals("DELETE") ? "running" : "execution"))
        .replace("/keys/{name}", "/keys/conformance_key")
        .replace("/packs/views/file/{ref_or_id}/{file_path}", "/packs/views/file/testpack/pack.yaml")
        .replace("/packs/views/files/{ref_or_id}", "/packs/views/files/testpack")
        .replace("/packs/{ref_or_id}", "/packs/testpack")
        .replace("{pack_ref}", "testpack")
        .replace("/rbac/permission_types/{resource_type}", "/rbac/permission_types/action")
        .replace("/rbac/roles/{name_or_id}", "/rbac/roles/" + fx.get("role"))
        .replace("/rbac/role_assignments/{id}", "/rbac/role_assignments/" + fx.get("assignment"))
        .replace("{rule_ref_or_id}", method.equals("DELETE") ? "conformance.made_here" : "testpack.deploy_hook")
        .replace("/rules/{ref_or_id}", "/rules/testpack.deploy_hook")
        .replace("/rules/views/{ref_or_id}", "/rules/views/testpack.deploy_hook")
        .replace("/ruletypes/{id}", "/ruletypes/standard")
        .replace("{name_or_id}", "local-shell-cmd")
        .replace("{api_key_id_or_key}", fx.get("apikey"))
        .replace("/ruleenforcements/{id}", "/ruleenforcements/" + fx.get("enforcement"))
        .replace("/ruleenforcements/views/{id}", "/ruleenforcements/views/" + fx.get("enforcement"))
        .replace("/sensortypes/{ref_or_id}", "/sensortypes/conformance.Watch")
        .replace("/policytypes/{ref_or_id}", "/policytypes/action.concurrency")
        .replace("/policies/{ref_or_id}", method.equals("DELETE") ? "/policies/conformance.made_here"
            : "/policies/conformance.limit")
        .replace("/timers/{ref_or_id}", "/timers/" + enc(fx.get("timer")))
        .replace("/traces/{id}", "/traces/" + fx.get("instance"))
        .replace("{triggertype_ref_or_id}", "core.st2.webhook")
        .replace("{trigger_id}", enc(fx.get("trigger")))
        .replace("{instance_id}", fx.get("instance"))
        .replace("{trigger_instance_id}", fx.get("instance"))
        .replace("{hook}", "deploys")
        .replace("{url}", "deploys")
        .replace("{group_id}", "squall")
        .replace("{inquiry_id}", fx.get("inquiry"));
    String body = switch (key) {
      case "POST /api/v1/executions" -> "{\"action\": \"core.noop\", \"trace_tag\": \"conformance\"}";
      case "POST /api/v1/actionalias" -> "{\"name\": \"conformance_new\", \"pack\": \"testpack\","
          + " \"action_ref\": \"core.noop\", \"formats\": [\"conformance new\"]}";
      case "PUT /api/v1/actionalias/{ref_or_id}" -> "{\"name\": \"conformance_wave\", \"pack\": \"testpack\","
          + " \"action_ref\": \"core.noop\", \"formats\": [\"conformance wave again\"]}";
      case "POST /api/v1/actionalias/match" -> "{\"command\": \"shout hi\"}";
      case "POST /api/v1/aliasexecution/match_and_execute" ->
          "{\"command\": \"shout hi\", \"source_channel\": \"conformance\", \"user\": \"admin\"}";
      case "POST /api/v1/aliasexecution" -> "{\"name\": \"shout\", \"format\": \"shout {{word}}\","
          + " \"command\": \"shout hi\", \"source_channel\": \"conformance\"}";
      case "PUT /api/v1/executions/{id}" -> "{\"status\": \"canceling\"}";
      case "PUT /api/v1/keys/{name}" -> "{\"name\": \"conformance_key\", \"value\": \"w\"}";
      case "PUT /api/v1/configs/{pack_ref}" -> "{\"api_url\": \"https://api.conformance\", \"api_token\": \"t\"}";
      case "PUT /api/v1/rules/{rule_ref_or_id}" -> "{\"enabled\": true}";
      case "PUT /api/v1/sensortypes/{ref_or_id}" -> "{\"enabled\": true}";
      case "POST /api/v1/packs/uninstall" -> "{\"packs\": [\"conformance_extra\"]}";
      case "POST /api/v1/packs/index/search" -> "{\"query\": \"conformance\"}";
      case "POST /api/v1/rules" -> "{\"name\": \"made_here\", \"pack\": \"conformance\", \"trigger\":"
          + " {\"type\": \"core.st2.webhook\", \"parameters\": {\"url\": \"made_here\"}},"
          + " \"action\": {\"ref\": \"core.noop\"}}";
      case "POST /api/v1/actions" -> "{\"name\": \"made_here\", \"pack\": \"conformance\","
          + " \"runner_type\": \"local-shell-script\", \"entry_point\": \"made_here.sh\","
          + " \"data_files\": [{\"file_path\": \"made_here.sh\", \"content\": \"#!/bin/sh\\necho made\\n\"}]}";
      case "PUT /api/v1/actions/{ref_or_id}" -> "{\"name\": \"script\", \"pack\": \"conformance\","
          + " \"runner_type\": \"local-shell-script\", \"entry_point\": \"script.sh\","
          + " \"description\": \"A script action, updated\"}";
      case "POST /api/v1/policies" -> "{\"name\": \"made_here\", \"pack\": \"conformance\","
          + " \"resource_ref\": \"conformance.script\", \"policy_type\": \"action.retry\","
          + " \"parameters\": {\"retry_on\": \"failure\", \"max_retry_count\": 1}}";
      case "PUT /api/v1/policies/{ref_or_id}" -> "{\"name\": \"limit\", \"pack\": \"conformance\","
          + " \"resource_ref\": \"conformance.script\", \"policy_type\": \"action.concurrency\","
          + " \"parameters\": {\"threshold\": 5}}";
      case "POST /api/v1/webhooks/{hook}" -> "{\"env\": \"dev\", \"status\": \"failed\", \"app\": \"conformance\"}";
      case "PUT /api/v1/inquiries/{inquiry_id}" -> "{\"id\": \"" + fx.get("inquiry") + "\","
          + " \"response\": {\"continue\": true}}";
      case "POST /auth/v1/tokens/validate" -> "{\"token\": \"" + token + "\"}";
      default -> "{}";
    };
    Map<String, String> headers = key.equals("POST /auth/v1/tokens")
        ? Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            ("admin:" + RunningSquall.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
        : auth;
    if (key.equals("GET /stream/v1/stream")) {
      path += "?events=st2.announcement__conformance";
    }
    return new Call(method, path, body, headers);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Every operation of the spec, as "METHOD /path". */
  static List<String> operations() {
    List<String> ops = new ArrayList<>();
    spec.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      if (Set.of("get", "post", "put", "delete", "patch").contains(m)) {
        ops.add(m.toUpperCase() + " " + p.getKey());
      }
    }));
    return ops;
  }

  static String shape(String path) {
    return path.replaceAll("\\{[^}]*}|<[^>]*>", "{}").replaceAll("(.)/$", "$1");
  }

  @Test
  void everyPathAndMethodOfTheSpecHasARoute() {
    Set<String> routed = new java.util.HashSet<>();
    for (RouteInfo r : squall.squall().api().routes()) {
      routed.add(r.method() + " " + shape(r.path()));
    }
    List<String> missing = operations().stream()
        .filter(op -> !routed.contains(op.substring(0, op.indexOf(' ') + 1) + shape(op.substring(op.indexOf(' ') + 1))))
        .toList();
    assertThat(operations()).hasSize(121);
    assertThat(missing).as("spec operations without a route").isEmpty();
  }

  @Test
  void everyOperationAnswersWithTheSpecsStatusAndABodyOfItsSchema() throws Exception {
    List<String> ops = new ArrayList<>(operations());
    // Deletions last, so what the others read is still there.
    ops.sort(Comparator.comparing(op -> op.startsWith("DELETE ") ? 1 : 0));
    List<String> wrong = new ArrayList<>();
    int conformant = 0;
    HttpClient http = HttpClient.newHttpClient();
    for (String op : ops) {
      String method = op.substring(0, op.indexOf(' '));
      String specPath = op.substring(op.indexOf(' ') + 1);
      JsonNode operation = spec.get("paths").get(specPath).get(method.toLowerCase());
      Call c = call(method, specPath);
      HttpRequest.Builder b = HttpRequest.newBuilder(squall.url().resolve(c.path()))
          .timeout(Duration.ofSeconds(30))
          .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(c.body()))
          .header("Content-Type", "application/json");
      c.headers().forEach(b::header);
      int expected = NOT_OFFERED.contains(op) ? 501 : successCode(operation);
      HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      String body;
      String type = r.headers().firstValue("Content-Type").orElse("");
      try (InputStream in = r.body()) {
        // A stream that goes on is read up to its first frame only.
        body = type.startsWith("text/event-stream") && !specPath.contains("/output")
            ? new String(in.readNBytes(1), StandardCharsets.UTF_8) : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      List<String> problems = new ArrayList<>();
      if (r.statusCode() != expected) {
        problems.add("status " + r.statusCode() + ", the spec's is " + expected + ": " + abbreviate(body));
      } else {
        JsonNode schema = expected == 501 ? spec.at("/definitions/Error")
            : operation.path("responses").path(String.valueOf(expected)).path("schema");
        if (!schema.isMissingNode() && !schema.path("validate_response").asText().equals("false")
            && type.startsWith("application/json")) {
          schemas.problems(new ObjectMapper().readTree(body), schema).forEach(problems::add);
        } else if (schema.path("type").asText().equals("object") && !type.startsWith("application/json")) {
          problems.add("answered " + type + " where the spec has a JSON object");
        }
      }
      if (problems.isEmpty()) {
        conformant++;
      } else {
        wrong.add(op + " (" + c.path() + "): " + String.join("; ", problems));
      }
    }
    System.out.println("St2ApiConformanceTest: " + conformant + " of " + ops.size()
        + " operations conformant");
    assertThat(wrong).isEmpty();
  }

  private static int successCode(JsonNode operation) {
    List<Integer> codes = new ArrayList<>();
    operation.get("responses").fieldNames().forEachRemaining(k -> {
      if (k.matches("[23]\\d\\d")) {
        codes.add(Integer.parseInt(k));
      }
    });
    return codes.stream().min(Integer::compare).orElse(200);
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
