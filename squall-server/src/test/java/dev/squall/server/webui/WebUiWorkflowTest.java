package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workflow's page shows its task tree, each task's status changing live from the stream. */
class WebUiWorkflowTest {

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void theExecutionPageShowsTheWorkflowsTasksAndTheirStatusesLive() throws Exception {
    Path flag = packs.resolve("hold-may-end");
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("held", """
        flag:
          type: string
          required: true
        """, """
        version: 1.0
        input:
          - flag
        tasks:
          hold:
            action: core.local
            input:
              cmd: while [ ! -f <% ctx(flag) %> ]; do sleep 0.05; done; echo held
            next:
              - when: <% succeeded() %>
                do: after
          after:
            action: core.noop
        """);
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH",
        RunningSquall.testPacks() + ":" + packs))) {
      String id = squall.post("/api/v1/executions", Map.of("action", "flows.held",
          "parameters", Map.of("flag", flag.toString()))).json().get("id").asText();
      try (Browser b = Browser.run("workflow", squall.url(), Map.of("EXECUTION", id))) {
        JsonNode running = b.next("task_running");
        assertThat(tasks(running)).containsExactly("hold running");
        Files.createFile(flag);
        JsonNode done = b.next("tasks_done");
        assertThat(tasks(done)).containsExactly("hold succeeded", "after succeeded");
        assertThat(squall.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("succeeded");
        b.finish();
      }
    }
  }

  private static List<String> tasks(JsonNode step) {
    List<String> out = new ArrayList<>();
    step.path("tasks").forEach(t -> out.add(t.path("task").asText() + " " + t.path("status").asText()));
    return out;
  }
}
