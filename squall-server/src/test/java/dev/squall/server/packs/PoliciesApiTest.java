package dev.squall.server.packs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import dev.squall.server.RunningSquall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack's policies through StackStorm's API and {@code squall policy}, and applied to a run. */
class PoliciesApiTest {

  @TempDir static Path packs;
  private static RunningSquall squall;

  @BeforeAll
  static void start() throws Exception {
    Path pack = Files.createDirectories(packs.resolve("pol/policies")).getParent();
    Files.writeString(pack.resolve("pack.yaml"), "ref: pol\nname: pol\nversion: 1.0.0\n");
    Files.createDirectories(pack.resolve("actions"));
    Files.writeString(pack.resolve("actions/fails.yaml"), "name: fails\nrunner_type: local-shell-cmd\n"
        + "parameters:\n  cmd:\n    default: exit 3\n");
    Files.writeString(pack.resolve("policies/retry.yaml"), """
        name: retry_fails
        pack: pol
        description: Try twice more
        resource_ref: pol.fails
        policy_type: action.retry
        enabled: true
        parameters:
          retry_on: failure
          max_retry_count: 1
        """);
    Files.writeString(pack.resolve("policies/limit.yaml"), """
        name: one_at_a_time
        resource_ref: pol.fails
        policy_type: action.concurrency
        parameters: {threshold: 1}
        """);
    Files.writeString(pack.resolve("policies/broken.yaml"), """
        name: broken
        resource_ref: pol.fails
        policy_type: action.nosuch
        """);
    squall = RunningSquall.startIn(Files.createTempDirectory("squall-policies-"),
        Map.of("SQUALL_PACKS_PATH", packs.toString()));
  }

  @AfterAll
  static void stop() {
    if (squall != null) {
      squall.close();
    }
  }

  @Test
  void policiesAndPolicyTypesAreServedInStackStormsShapes() {
    JsonNode list = squall.get("/api/v1/policies?pack=pol").json();
    assertThat(list).hasSize(2);
    JsonNode retry = squall.get("/api/v1/policies/pol.retry_fails").json();
    assertThat(retry.path("uid").asText()).isEqualTo("policy:pol:retry_fails");
    assertThat(retry.path("resource_ref").asText()).isEqualTo("pol.fails");
    assertThat(retry.path("policy_type").asText()).isEqualTo("action.retry");
    assertThat(retry.path("parameters").path("max_retry_count").asInt()).isEqualTo(1);
    assertThat(squall.get("/api/v1/policies?policy_type=action.concurrency").json())
        .extracting(p -> p.path("ref").asText()).containsExactly("pol.one_at_a_time");
    assertThat(squall.get("/api/v1/policies/pol.broken").status()).isEqualTo(404);

    JsonNode types = squall.get("/api/v1/policytypes?resource_type=action").json();
    assertThat(types).extracting(t -> t.path("ref").asText())
        .containsExactly("action.concurrency", "action.concurrency.attr", "action.retry");
    JsonNode concurrency = squall.get("/api/v1/policytypes/action.concurrency").json();
    assertThat(concurrency.path("uid").asText()).isEqualTo("policy_type:action:concurrency");
    assertThat(concurrency.path("parameters").has("threshold")).isTrue();
  }

  @Test
  void theCliListsAndShowsPolicies() {
    assertThat(cli("policy", "list", "--pack", "pol")).contains("pol.retry_fails", "action.retry",
        "pol.one_at_a_time", "action.concurrency");
    assertThat(cli("policy", "get", "pol.one_at_a_time")).contains("\"threshold\" : 1");
  }

  @Test
  void aFailingRunIsRetriedOnceAndTheAttemptsAreLinked() {
    JsonNode first = squall.runToEnd("pol.fails", Map.of());
    assertThat(first.path("status").asText()).isEqualTo("failed");

    JsonNode retried = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> squall.get("/api/v1/executions?action=pol.fails&limit=10").json(),
            l -> l.size() == 2 && l.get(0).path("status").asText().equals("failed")).get(0);
    JsonNode link = retried.path("context").path("policies").path("retry");
    assertThat(link.path("retried_liveaction_id").asText()).isEqualTo(first.path("id").asText());
    assertThat(link.path("retry_count").asInt()).isEqualTo(1);
    assertThat(link.path("applied_policy").asText()).isEqualTo("pol.retry_fails");
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("SQUALL_HOME", squall.home().toString());
    env.put("SQUALL_API_URL", squall.url().toString());
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    SquallCli.commandLine(new CliEnvironment(env, print, print)).execute(args);
    return out.toString(StandardCharsets.UTF_8);
  }
}
