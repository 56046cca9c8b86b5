package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.MemoryAdapter;
import dev.squall.chat.OutgoingMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "deploy web" in chat starts an orquesta workflow: ack at once, its output as the result, in the thread. */
class WorkflowFromChatTest {

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void anAliasThatStartsAWorkflowAcksAndPostsTheWorkflowsOutput() throws Exception {
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("deploy", """
        app: {type: string, required: true}
        """, """
        version: 1.0
        input:
          - app
        tasks:
          build:
            action: core.local
            input:
              cmd: echo built <% ctx(app) %>
            next:
              - when: <% succeeded() %>
                publish: built=<% result().stdout %>
                do: roll_out
          roll_out:
            action: core.noop
        output:
          - summary: <% ctx(built) %> and rolled out
        """);
    flows.alias("deploy", """
        name: deploy
        action_ref: flows.deploy
        description: Build and roll out an app
        formats:
          - "deploy {{app}}"
        result:
          format: "{{ execution.result.output.summary }}"
        """);
    Files.writeString(home.resolve("squall.yaml"), "chat:\n  users:\n    \"memory:u-ops\": admin\n");
    try (RunningSquall server = RunningSquall.startIn(home, Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false",
        "SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs))) {
      MemoryAdapter chat = new MemoryAdapter(300);
      server.squall().bot().addAdapter(chat);

      chat.say("u-ops", "#deploys", "t-7", "!deploy web");

      List<OutgoingMessage> sent = await().atMost(Duration.ofSeconds(60))
          .until(() -> chat.in("#deploys"), m -> m.size() >= 2);
      assertThat(sent.get(0).text()).contains("Your execution ID is");
      assertThat(sent.get(0).thread()).isEqualTo("t-7");
      assertThat(sent.get(1).thread()).isEqualTo("t-7");
      assertThat(sent.get(1).text())
          .contains("built web and rolled out");
    }
  }
}
