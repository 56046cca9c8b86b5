package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An orquesta workflow run through the API: its tasks are its children. */
class WorkflowApiTest {

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void aWorkflowRunsItsTasksAsChildrenAndReturnsItsOutput() throws Exception {
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("greet", """
        name:
          type: string
          required: true
        """, """
        version: 1.0
        input:
          - name
        tasks:
          first:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: greeting="hello <% ctx(name) %>"
                do: second
          second:
            action: core.noop
        output:
          - greeting: <% ctx(greeting) %>
          - user: <% ctx(st2).user %>
        """);
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH",
        RunningSquall.testPacks() + ":" + packs))) {
      JsonNode done = squall.runToEnd("flows.greet", Map.of("name", "Stanley"));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(done.at("/result/output/greeting").asText()).isEqualTo("hello Stanley");
      assertThat(done.at("/result/output/user").asText()).isEqualTo("admin");
      String id = done.get("id").asText();

      JsonNode children = squall.get("/api/v1/executions/" + id + "/children").json();
      List<String> tasks = new ArrayList<>();
      children.forEach(c -> {
        tasks.add(c.at("/context/orquesta/task_name").asText());
        assertThat(c.get("status").asText()).isEqualTo("succeeded");
        assertThat(c.at("/context/parent/execution_id").asText()).isEqualTo(id);
      });
      assertThat(tasks).containsExactly("first", "second");
      assertThat(squall.get("/api/v1/executions?parent=" + id).json()).hasSize(2);
    }
  }
}
