package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExecutionsApiTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void runsALocalCommandAndReturnsStackStormsResultShape() {
    JsonNode e = squall.runToEnd("core.local", Map.of("cmd", "echo hi"));
    assertThat(e.get("status").asText()).isEqualTo("succeeded");
    assertThat(e.at("/result/stdout").asText()).isEqualTo("hi");
    assertThat(e.at("/result/return_code").asInt()).isZero();
    assertThat(e.at("/result/succeeded").asBoolean()).isTrue();
    assertThat(e.at("/action/ref").asText()).isEqualTo("core.local");
    assertThat(e.at("/context/user").asText()).isEqualTo("admin");
    assertThat(e.get("log").size()).isGreaterThanOrEqualTo(2);
    assertThat(e.get("elapsed_seconds").isNumber()).isTrue();
  }

  @Test
  void aFailingCommandFailsWithItsStderr() {
    JsonNode e = squall.runToEnd("core.local", Map.of("cmd", "echo oops >&2; exit 3"));
    assertThat(e.get("status").asText()).isEqualTo("failed");
    assertThat(e.at("/result/stderr").asText()).isEqualTo("oops");
    assertThat(e.at("/result/return_code").asInt()).isEqualTo(3);
  }

  @Test
  void outputIsServedAsTextPerStream() {
    JsonNode e = squall.runToEnd("core.local", Map.of("cmd", "echo one; echo two; echo err >&2"));
    String id = e.get("id").asText();
    assertThat(squall.get("/api/v1/executions/" + id + "/output?output_type=stdout").body())
        .isEqualTo("one\ntwo\n");
    assertThat(squall.get("/api/v1/executions/" + id + "/output?output_type=stdout&offset=1").body())
        .isEqualTo("two\n");
    assertThat(squall.get("/api/v1/executions/" + id + "/output?output_type=stderr").body())
        .isEqualTo("err\n");
  }

  @Test
  void shellMetacharactersInAParameterNeverRunAsShellCode() throws Exception {
    Path pwned = squall.home().resolve("pwned");
    for (String hostile : new String[] {"\"; touch " + pwned + "\"", "; touch " + pwned, "$(touch " + pwned + ")",
        "`touch " + pwned + "`"}) {
      JsonNode e = squall.runToEnd("testpack.shout", Map.of("word", hostile));
      assertThat(e.get("status").asText()).as(hostile).isEqualTo("succeeded");
      assertThat(e.at("/result/stdout").asText()).isEqualTo(hostile.toUpperCase());
    }
    assertThat(Files.exists(pwned)).isFalse();
  }

  @Test
  void parametersAreCastToTheirDeclaredTypes() {
    JsonNode e = squall.runToEnd("testpack.count", Map.of("n", "5"));
    assertThat(e.get("status").asText()).isEqualTo("succeeded");
    assertThat(e.at("/parameters/n").isInt()).isTrue();
    assertThat(e.at("/parameters/n").asInt()).isEqualTo(5);
  }

  @Test
  void badParametersAreRejectedWithStackStormsMessage() {
    var r = squall.post("/api/v1/executions", Map.of("action", "testpack.count", "parameters", Map.of("n", "five")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fault()).contains("five").contains("integer");
    var missing = squall.post("/api/v1/executions", Map.of("action", "testpack.count", "parameters", Map.of()));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.fault()).contains("n").contains("required");
  }

  @Test
  void aBadParametersFaultNamesEachOffendingParameterBesideStackStormsMessage() {
    var r = squall.post("/api/v1/executions", Map.of("action", "testpack.count",
        "parameters", Map.of("n", "five", "flavor", "mint")));
    assertThat(r.status()).isEqualTo(400);
    JsonNode byParameter = r.json().get("parameters");
    assertThat(byParameter.get("n").asText()).contains("five").contains("integer");
    assertThat(byParameter.get("flavor").asText()).contains("Unknown parameter").contains("flavour");
    assertThat(r.fault()).as("the faultstring is unchanged").contains("five").contains("'flavor' was unexpected");
    var missing = squall.post("/api/v1/executions", Map.of("action", "testpack.count", "parameters", Map.of()));
    assertThat(missing.json().at("/parameters/n").asText()).isEqualTo("Required");
    var immutable = squall.post("/api/v1/executions", Map.of("action", "testpack.pinned",
        "parameters", Map.of("pin", 1234, "cmd", "echo other")));
    assertThat(immutable.json().at("/parameters/cmd").asText()).contains("Immutable");
  }

  @Test
  void anUnknownActionNamesTheClosestOne() {
    var r = squall.post("/api/v1/executions", Map.of("action", "core.lcal", "parameters", Map.of("cmd", "x")));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.fault()).contains("core.lcal").contains("core.local");
  }

  @Test
  void secretParametersAreMaskedUnlessAnAdminAsksForThem() {
    JsonNode e = squall.runToEnd("testpack.secretive", Map.of("token", "hunter2-secret"));
    String id = e.get("id").asText();
    assertThat(squall.get("/api/v1/executions/" + id).body()).doesNotContain("hunter2-secret").contains("********");
    assertThat(squall.get("/api/v1/executions").body()).doesNotContain("hunter2-secret");
    assertThat(squall.get("/api/v1/executions/" + id + "?show_secrets=true").json().at("/parameters/token").asText())
        .isEqualTo("hunter2-secret");
  }

  @Test
  void listsWithFiltersAndPagingHeaders() {
    squall.runToEnd("core.noop", Map.of());
    squall.runToEnd("core.noop", Map.of());
    var r = squall.get("/api/v1/executions?action=core.noop&limit=1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().size()).isEqualTo(1);
    assertThat(Integer.parseInt(r.header("X-Total-Count"))).isGreaterThanOrEqualTo(2);
    assertThat(r.header("X-Limit")).isEqualTo("1");
    assertThat(squall.get("/api/v1/executions?status=bogus").status()).isEqualTo(400);
  }

  @Test
  void cancelsARunningExecution() {
    var created = squall.post("/api/v1/executions", Map.of("action", "core.local", "parameters", Map.of("cmd", "sleep 30")));
    String id = created.json().get("id").asText();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/executions/" + id).json().get("status").asText().equals("running"));
    assertThat(squall.call("DELETE", "/api/v1/executions/" + id, null).status()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/executions/" + id).json().get("status").asText().equals("canceled"));
  }

  @Test
  void reRunsWithOverriddenParameters() {
    JsonNode first = squall.runToEnd("core.local", Map.of("cmd", "echo first"));
    var rerun = squall.post("/api/v1/executions/" + first.get("id").asText() + "/re_run",
        Map.of("parameters", Map.of("cmd", "echo second")));
    assertThat(rerun.status()).isEqualTo(201);
    String id = rerun.json().get("id").asText();
    JsonNode e = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> squall.get("/api/v1/executions/" + id).json(), n -> n.get("status").asText().equals("succeeded"));
    assertThat(e.at("/result/stdout").asText()).isEqualTo("second");
  }
}
