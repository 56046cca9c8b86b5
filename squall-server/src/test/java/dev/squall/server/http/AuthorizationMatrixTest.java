package dev.squall.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every API route, read from the server's own route table (so a new route cannot be left out),
 * called by an anonymous client, an observer, a user whose one role grants {@code action_execute}
 * on the core pack, and an administrator: each gets StackStorm's answer, 401 without credentials,
 * 403 without the permission, and otherwise the handler's own answer (never 401 or 403).
 */
class AuthorizationMatrixTest {

  static RunningSquall squall;
  static String coreExecution;
  static String testpackExecution;
  static Map<String, String> tokens;

  /** What the core_runner role may call, by StackStorm's rules: execute implies view; executions follow their action. */
  static final Set<String> CORE_RUNNER_MAY = Set.of("POST /executions", "GET /executions/{id}",
      "DELETE /executions/{id}", "POST /executions/{id}/re_run", "GET /executions/{id}/output",
      "GET /actions/{ref}", "GET /actions/views/overview/{ref}", "GET /actions/views/parameters/{ref}",
      "GET /actions/views/entry_point/{ref}", "GET /executions/{id}/result",
      "GET /executions/{id}/attribute/{attribute}", "GET /stream/v1/executions/{id}/output",
      "GET /executions/{id}/children", "PUT /executions/{id}");

  @BeforeAll
  static void start() throws IOException {
    Path home = Files.createTempDirectory("squall-matrix-");
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/core_runner.yaml"), """
        name: core_runner
        permission_grants:
          - resource_uid: "pack:core"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/runner.yaml"), "username: runner\nroles: [core_runner]\n");
    Files.writeString(home.resolve("rbac/roles/core_watcher.yaml"), """
        name: core_watcher
        permission_grants:
          - resource_uid: "pack:core"
            permission_types: ["action_view"]
          - permission_types: ["stream_view"]
        """);
    Files.writeString(home.resolve("rbac/assignments/watcher.yaml"), "username: watcher\nroles: [core_watcher]\n");
    squall = RunningSquall.startIn(home, Map.of());
    squall.post("/api/v1/users", Map.of("name", "olive", "password", "olive-pw", "roles", List.of("observer")));
    squall.post("/api/v1/users", Map.of("name", "runner", "password", "runner-pw"));
    squall.post("/api/v1/users", Map.of("name", "watcher", "password", "watcher-pw"));
    coreExecution = squall.runToEnd("core.noop", Map.of()).get("id").asText();
    testpackExecution = squall.runToEnd("testpack.shout", Map.of("word", "hi")).get("id").asText();
    tokens = Map.of(
        "observer", squall.login("olive", "olive-pw").json().get("token").asText(),
        "core_runner", squall.login("runner", "runner-pw").json().get("token").asText(),
        "watcher", squall.login("watcher", "watcher-pw").json().get("token").asText(),
        "admin", squall.adminToken());
  }

  @AfterAll
  static void stop() {
    squall.close();
  }

  /**
   * A route's path with its parameters filled in: the core pack, core.noop and its execution;
   * datastore keys in the caller's own scope (system keys are administrators', checked apart).
   */
  static String concrete(String path) {
    if (path.matches(".*/keys/\\{name}")) {
      return path.replace("{name}", "x") + "?scope=st2kv.user";
    }
    return path.replace("/packs/{ref}", "/packs/core")
        .replace("{ref}", "core.noop")
        .replace("{pack}", "core")
        .replace("/executions/{id}", "/executions/" + coreExecution)
        .replaceAll("\\{[^}]+}|<[^>]+>", "x");
  }

  static String body(String path) {
    if (path.matches(".*/keys/\\{name}")) {
      return "{\"name\": \"x\", \"value\": \"v\", \"scope\": \"st2kv.user\"}";
    }
    return path.endsWith("/executions") ? "{\"action\": \"core.noop\"}" : "{}";
  }

  /** The route as ApiPermissions names it: without the /api/v1 or /v1 prefix. */
  static String key(RouteInfo r) {
    String p = r.path().replaceFirst("^/(api/)?v1(?=/)", "");
    return r.method() + " " + p;
  }

  static int call(String who, RouteInfo r) {
    // A GET is asked as HEAD: the check runs alike, and a stream does not hold the test open.
    String method = r.method().equals("GET") ? "HEAD" : r.method();
    String token = who == null ? null : tokens.get(who);
    return squall.callWith(token == null ? null : "X-Auth-Token", token, method, concrete(r.path()), body(r.path())).status();
  }

  @Test
  void everyRouteAnswersEachKindOfCallerAsStackStormDoes() {
    List<RouteInfo> routes = squall.squall().api().routes();
    assertThat(routes).extracting(RouteInfo::path)
        .contains("/api/v1/executions", "/v1/executions/{id}/re_run", "/api/v1/rbac/roles", "/api/v1/users");
    List<String> wrong = new ArrayList<>();
    for (RouteInfo r : routes) {
      if (r.access() == Access.PUBLIC) {
        continue;
      }
      expect(wrong, r, null, 401);
      expect(wrong, r, "admin", 200);
      expect(wrong, r, "observer", r.access() == Access.ADMIN ? 403
          : r.permission().type() == null || r.permission().type().read() ? 200 : 403);
      expect(wrong, r, "core_runner", r.access() == Access.ADMIN ? 403
          : r.permission().type() == null || CORE_RUNNER_MAY.contains(key(r)) ? 200 : 403);
    }
    assertThat(wrong).isEmpty();
  }

  /** 200 stands for "let through": the handler's own answer, whatever it is, but not 401 or 403. */
  private static void expect(List<String> wrong, RouteInfo r, String who, int expected) {
    int got = call(who, r);
    boolean ok = expected == 200 ? got != 401 && got != 403 : got == expected;
    if (!ok) {
      wrong.add(r.method() + " " + r.path() + " as " + (who == null ? "anonymous" : who)
          + ": " + got + ", expected " + (expected == 200 ? "neither 401 nor 403" : expected));
    }
  }

  @Test
  void aNonAdministratorsReRunOfAnExecutionItMayNotRunIs403AndOfOneItMayRunsAsItself() {
    String runner = tokens.get("core_runner");
    var refused = squall.callWith("X-Auth-Token", runner, "POST",
        "/api/v1/executions/" + testpackExecution + "/re_run", "{}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.fault()).contains("execution_rerun").contains("execution:" + testpackExecution);
    var rerun = squall.callWith("X-Auth-Token", runner, "POST", "/api/v1/executions/" + coreExecution + "/re_run", "{}");
    assertThat(rerun.status()).isEqualTo(201);
    assertThat(rerun.json().at("/context/user").asText()).isEqualTo("runner");
  }

  @Test
  void aNonAdministratorListsOnlyExecutionsItMayViewAndNoUnboundedPage() {
    squall.post("/api/v1/users", Map.of("name", "lister", "password", "lister-pw", "roles", List.of("observer")));
    String observer = tokens.get("observer");
    var all = squall.callWith("X-Auth-Token", observer, "GET", "/api/v1/executions", null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().findValuesAsText("id")).contains(coreExecution, testpackExecution);
    var unbounded = squall.callWith("X-Auth-Token", observer, "GET", "/api/v1/executions?limit=-1", null);
    assertThat(unbounded.status()).isEqualTo(400);
    assertThat(unbounded.fault()).contains("Administrator access required");
    assertThat(squall.callWith("X-Auth-Token", observer, "GET", "/api/v1/executions?limit=1001", null).status())
        .isEqualTo(400);
    assertThat(squall.get("/api/v1/executions?limit=-1").status()).isEqualTo(200);
    var secrets = squall.callWith("X-Auth-Token", observer, "GET", "/api/v1/executions?show_secrets=true", null);
    assertThat(secrets.status()).isEqualTo(403);
  }

  @Test
  void aUserWhoseRoleGrantsNoListSeesNoExecutionList() {
    var r = squall.callWith("X-Auth-Token", tokens.get("core_runner"), "GET", "/api/v1/executions", null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.fault()).isEqualTo("User \"runner\" doesn't have required permission \"execution_list\"");
  }

  @Test
  void theStreamShowsAUserOnlyTheExecutionsItMayView() throws Exception {
    HttpResponse<InputStream> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(squall.url().resolve(
            "/stream/v1/stream?events=st2.execution__update,st2.execution.output__create&x-auth-token="
                + tokens.get("watcher"))).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.statusCode()).isEqualTo(200);
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the test ends the stream
      }
    });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
    String hidden = squall.runToEnd("testpack.shout", Map.of("word", "secretword")).get("id").asText();
    String shown = squall.runToEnd("core.local", Map.of("cmd", "echo visible")).get("id").asText();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream()
        .anyMatch(l -> l.contains(shown) && l.contains("\"succeeded\"")));
    assertThat(lines).anyMatch(l -> l.contains("visible"));
    assertThat(lines).noneMatch(l -> l.contains(hidden)).noneMatch(l -> l.contains("SECRETWORD"));
    reader.interrupt();
    resp.body().close();
    // Without stream_view there is no stream at all.
    assertThat(squall.callWith(null, null, "GET", "/stream/v1/stream?x-auth-token=" + tokens.get("core_runner"), null)
        .status()).isEqualTo(403);
  }
}
