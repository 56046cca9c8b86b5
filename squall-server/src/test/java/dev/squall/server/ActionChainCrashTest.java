package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An action chain whose server is killed with -9 while its second node runs: the next start on
 * the same home continues the chain from its stored state (vars and results kept); the node that
 * was running is abandoned and the chain follows its {@code on-failure}.
 */
class ActionChainCrashTest {

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void aRestartContinuesTheChainAndFollowsOnFailureForTheAbandonedNode() throws Exception {
    Path chains = Files.createDirectories(packs.resolve("chains/actions/chains"));
    Files.writeString(packs.resolve("chains/pack.yaml"), "ref: chains\nname: chains\nversion: 1.0.0\n");
    Files.writeString(packs.resolve("chains/actions/crashy.yaml"), """
        name: crashy
        runner_type: action-chain
        entry_point: chains/crashy.yaml
        """);
    Files.writeString(chains.resolve("crashy.yaml"), """
        chain:
          - name: first
            ref: core.local
            params: {cmd: "echo web01"}
            publish:
              host: "{{ first.stdout }}"
            on-success: slow
          - name: slow
            ref: core.local
            params: {cmd: "echo started; sleep 120"}
            on-failure: cleanup
          - name: cleanup
            ref: core.local
            params: {cmd: "echo cleaning {{ host }}"}
        """);
    Map<String, String> env = Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs);
    ChildSquall server = ChildSquall.start(home, env);
    String id;
    try {
      HttpResponse<String> created = server.send("POST", "/api/v1/executions",
          "{\"action\":\"chains.crashy\",\"parameters\":{}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      id = RunningSquall.JSON.readTree(created.body()).get("id").asText();
      await().atMost(Duration.ofSeconds(60)).until(() -> runningNode(server, id, "slow"));
    } finally {
      server.kill();
    }

    try (RunningSquall restarted = RunningSquall.startIn(home, env)) {
      JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> restarted.get("/api/v1/executions/" + id).json(),
              e -> Set.of("succeeded", "failed", "abandoned", "canceled").contains(e.get("status").asText()));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(done.at("/result/published/host").asText()).isEqualTo("web01");
      assertThat(done.at("/result/tasks/2/result/stdout").asText()).isEqualTo("cleaning web01");
      Map<String, String> nodes = new LinkedHashMap<>();
      restarted.get("/api/v1/executions/" + id + "/children").json().forEach(c ->
          nodes.put(c.at("/context/chain/name").asText(), c.get("status").asText()));
      assertThat(nodes).containsExactly(Map.entry("first", "succeeded"),
          Map.entry("slow", "abandoned"), Map.entry("cleanup", "succeeded"));
    }
  }

  /** Whether the chain's node {@code node} has a child that has started its command. */
  private static boolean runningNode(ChildSquall server, String id, String node) throws Exception {
    for (JsonNode c : server.json("/api/v1/executions/" + id + "/children")) {
      if (c.at("/context/chain/name").asText().equals(node)
          && server.send("GET", "/api/v1/executions/" + c.get("id").asText() + "/output", null)
              .body().contains("started")) {
        return true;
      }
    }
    return false;
  }
}
