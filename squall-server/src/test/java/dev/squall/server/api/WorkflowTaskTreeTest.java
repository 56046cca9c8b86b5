package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow's tasks as StackStorm shows them ({@code children} ids on the execution, its
 * depth-first {@code /children} list with each task's {@code parent}) and as {@code squall
 * execution get} prints them: a tree with status, start and duration, a sub-workflow's tasks
 * under it, one line per item of a with-items task.
 */
class WorkflowTaskTreeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packs;
  private RunningSquall squall;

  @BeforeEach
  void start() throws Exception {
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("outer", null, """
        version: 1.0
        tasks:
          first:
            action: core.noop
            next:
              - do: sub
          sub:
            action: flows.inner
            next:
              - do: each
          each:
            with: <% list(a, b) %>
            action: core.local cmd="echo <% item() %>"
        output:
          - done: true
        """);
    flows.workflow("inner", null, """
        version: 1.0
        tasks:
          deep:
            action: core.noop
        """);
    squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs));
  }

  @AfterEach
  void stop() {
    squall.close();
  }

  @Test
  void aWorkflowListsItsTasksDepthFirstWithTheirParents() {
    String id = run();
    JsonNode wf = squall.get("/api/v1/executions/" + id).json();
    List<String> direct = new ArrayList<>();
    wf.get("children").forEach(c -> direct.add(c.asText()));
    assertThat(direct).hasSize(4); // first, sub, and the two items of each

    JsonNode all = squall.get("/api/v1/executions/" + id + "/children?depth=-1").json();
    List<String> rows = new ArrayList<>();
    all.forEach(c -> rows.add(c.at("/context/orquesta/task_name").asText()
        + (c.at("/context/orquesta/item_id").isMissingNode() ? "" : "[" + c.at("/context/orquesta/item_id").asInt() + "]")
        + "<" + (c.get("parent").asText().equals(id) ? "wf" : "sub") + ":" + c.get("status").asText()));
    assertThat(rows.subList(0, 3)).containsExactly("first<wf:succeeded", "sub<wf:succeeded", "deep<sub:succeeded");
    assertThat(rows.subList(3, 5)).containsExactlyInAnyOrder("each[0]<wf:succeeded", "each[1]<wf:succeeded");
    assertThat(all.get(2).get("parent").asText()).isEqualTo(all.get(1).get("id").asText());

    JsonNode one = squall.get("/api/v1/executions/" + id + "/children?depth=1").json();
    assertThat(one).hasSize(4);
    assertThat(squall.get("/api/v1/executions/" + id + "/children?depth=x").status()).isEqualTo(400);
  }

  @Test
  void executionGetPrintsTheTaskTree() {
    String id = run();
    String out = squall.cli("execution", "get", id);
    List<String> lines = out.lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("  TASK")).findFirst().orElseThrow());
    assertThat(lines.get(header - 1)).isEqualTo("tasks:");
    assertThat(lines.get(header)).contains("STATUS").contains("STARTED").contains("DURATION");
    assertThat(lines.get(header + 1)).startsWith("  first ").contains("succeeded").contains("core.noop").containsPattern(" \\d+ ms ");
    assertThat(lines.get(header + 2)).startsWith("  sub ").contains("flows.inner");
    assertThat(lines.get(header + 3)).startsWith("    deep ").contains("succeeded");
    assertThat(lines.subList(header + 4, header + 6)).allMatch(l -> l.matches("  each\\[[01]] +succeeded .*core\\.local.*"));
    assertThat(lines.get(header + 6)).isEqualTo("result:");

    // An action that is not a workflow has no tasks to show.
    JsonNode plain = squall.post("/api/v1/executions", Map.of("action", "core.noop")).json();
    await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + plain.get("id").asText()).json()
        .get("status").asText().equals("succeeded"));
    assertThat(squall.cli("execution", "get", plain.get("id").asText())).doesNotContain("tasks:");
  }

  private String run() {
    RunningSquall.Response created = squall.post("/api/v1/executions", Map.of("action", "flows.outer"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(WAIT).until(() -> squall.get("/api/v1/executions/" + id).json().get("status").asText()
        .equals("succeeded"));
    return id;
  }
}
