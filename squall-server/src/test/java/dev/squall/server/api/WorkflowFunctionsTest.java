package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StackStorm's workflow functions on the real server: st2kv() reads keys set through the API
 * (a secret decrypted only when asked, a missing key's default), task() the result of a task
 * that ran a real command; the workflow runs through the API and its output is read there.
 */
class WorkflowFunctionsTest {

  @TempDir Path home;
  @TempDir Path packs;

  @Test
  void aWorkflowReadsTheDatastoreAndAnEarlierTasksResult() throws Exception {
    TestPack ops = TestPack.in(packs, "ops");
    ops.workflow("release", """
        setting:
          type: string
          default: system.release_channel
        """, """
        version: 1.0
        input:
          - setting
        tasks:
          current:
            action: core.local
            input:
              cmd: echo "squall 1.4.2"
            next:
              - when: <% succeeded() %>
                publish:
                  - current: <% regex_substring(task(current).result.stdout, '(\\d+\\.\\d+\\.\\d+)') %>
                do: announce
          announce:
            action: core.local
            input:
              cmd: echo "{{ st2kv(ctx().setting, default='stable') }} {{ version_bump_minor(ctx().current) }}"
        output:
          - next_version: <% version_bump_minor(ctx(current)) %>
          - announced: <% task(announce).result.stdout %>
          - channel: <% st2kv(ctx(setting), default => 'stable') %>
          - owner: <% st2kv('owner') %>
          - token_stored: <% st2kv('system.deploy_token') %>
          - token: "{{ st2kv('system.deploy_token', decrypt=true) }}"
          - mirror: <% st2kv('system.mirror', default => 'none') %>
        """);
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH",
        RunningSquall.testPacks() + ":" + packs))) {
      assertThat(squall.call("PUT", "/api/v1/keys/deploy_token",
          "{\"name\": \"deploy_token\", \"value\": \"s3cr3t-t0ken\", \"secret\": true}").status()).isEqualTo(200);
      assertThat(squall.call("PUT", "/api/v1/keys/owner",
          "{\"name\": \"owner\", \"value\": \"team-blue\", \"scope\": \"user\"}").status()).isEqualTo(200);

      JsonNode done = squall.runToEnd("ops.release", Map.of());
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      JsonNode output = done.at("/result/output");
      assertThat(output.get("next_version").asText()).isEqualTo("1.5.0");
      assertThat(output.get("announced").asText()).isEqualTo("stable 1.5.0");
      assertThat(output.get("channel").asText()).isEqualTo("stable");
      assertThat(output.get("owner").asText()).isEqualTo("team-blue");
      assertThat(output.get("token").asText()).isEqualTo("s3cr3t-t0ken");
      assertThat(output.get("token_stored").asText()).isNotBlank().doesNotContain("s3cr3t-t0ken");
      assertThat(output.get("mirror").asText()).isEqualTo("none");

      // A key set later is what the next run reads.
      squall.call("PUT", "/api/v1/keys/release_channel", "{\"name\": \"release_channel\", \"value\": \"beta\"}");
      JsonNode again = squall.runToEnd("ops.release", Map.of());
      assertThat(again.at("/result/output/announced").asText()).isEqualTo("beta 1.5.0");
    }
  }

  @Test
  void aMissingKeyWithoutDefaultFailsTheWorkflowWithAnErrorNamingIt() throws Exception {
    TestPack ops = TestPack.in(packs, "ops");
    ops.workflow("needs_key", null, """
        version: 1.0
        tasks:
          go:
            action: core.local
            input:
              cmd: echo <% st2kv('system.api_url') %>
        """);
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH",
        RunningSquall.testPacks() + ":" + packs))) {
      JsonNode done = squall.runToEnd("ops.needs_key", Map.of());
      assertThat(done.get("status").asText()).isEqualTo("failed");
      assertThat(done.at("/result/errors").toString())
          .contains("The key \\\"api_url\\\" does not exist in the StackStorm datastore.");
    }
  }
}
