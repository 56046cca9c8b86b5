package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StackStorm's re-run of a failed orquesta workflow from its tasks, through the real server and
 * the CLI: the new execution goes on from the failed task, the tasks that succeeded before are
 * not run again (their actions run once, their published values are kept).
 */
class WorkflowRerunTest {

  @TempDir Path home;
  @TempDir Path packs;
  @TempDir Path work;

  private static final String WORKFLOW = """
      version: 1.0
      input:
        - flag
        - log
      tasks:
        stamp:
          action: core.local
          input:
            cmd: echo stamped >> <% ctx(log) %>; echo first
          next:
            - when: <% succeeded() %>
              publish: first=<% result().stdout %>
              do: check
        check:
          action: core.local
          input:
            cmd: test -e <% ctx(flag) %>
          next:
            - when: <% succeeded() %>
              do: finish
        finish:
          action: core.local
          input:
            cmd: echo done
      output:
        - first: <% ctx(first) %>
      """;

  private static final String PARAMETERS = """
      flag:
        type: string
        required: true
      log:
        type: string
        required: true
      """;

  record Run(int exit, String out, String err) {}

  @Test
  void aFailedWorkflowReRunFromItsFailedTaskSucceedsKeepingTheEarlierTasksResults() throws Exception {
    TestPack.in(packs, "flows").workflow("guarded", PARAMETERS, WORKFLOW);
    Path flag = work.resolve("flag");
    Path log = work.resolve("stamps.log");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH",
        RunningSquall.testPacks() + ":" + packs))) {
      JsonNode failed = squall.runToEnd("flows.guarded", Map.of("flag", flag.toString(), "log", log.toString()));
      assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
      String id = failed.get("id").asText();
      assertThat(tasks(squall, id)).containsExactly("stamp", "check");

      Files.writeString(flag, "");
      RunningSquall.Response created = squall.post("/api/v1/executions/" + id + "/re_run",
          Map.of("parameters", Map.of(), "tasks", List.of("check"), "delay", 0));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.json().at("/context/re-run/ref").asText()).isEqualTo(id);
      assertThat(created.json().at("/context/re-run/tasks/0").asText()).isEqualTo("check");
      JsonNode done = awaitEnd(squall, created.json().get("id").asText());
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(done.at("/result/output/first").asText()).isEqualTo("first");
      assertThat(tasks(squall, done.get("id").asText())).containsExactly("check", "finish");
      assertThat(Files.readAllLines(log)).containsExactly("stamped");
      assertThat(squall.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("failed");

      // The CLI, as st2's: `execution re-run ID --tasks check`.
      Files.delete(flag);
      JsonNode again = squall.runToEnd("flows.guarded", Map.of("flag", flag.toString(), "log", log.toString()));
      assertThat(again.get("status").asText()).isEqualTo("failed");
      Files.writeString(flag, "");
      Run bad = cli(squall, "execution", "re-run", again.get("id").asText(), "--tasks", "check",
          "--no-reset", "stamp");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("List of tasks to reset does not match the tasks to rerun.");
      Run r = cli(squall, "execution", "re-run", "--async", again.get("id").asText(), "--tasks", "check");
      assertThat(r.exit()).as(r.err()).isZero();
      String newId = r.out().trim();
      assertThat(newId).matches("[0-9a-f]{24}");
      JsonNode viaCli = awaitEnd(squall, newId);
      assertThat(viaCli.get("status").asText()).as(viaCli.toString()).isEqualTo("succeeded");
      assertThat(viaCli.at("/context/re-run/reset/0").asText()).isEqualTo("check");
      assertThat(tasks(squall, newId)).containsExactly("check", "finish");
      assertThat(Files.readAllLines(log)).containsExactly("stamped", "stamped");
    }
  }

  @Test
  void aReRunFromTasksIsRefusedWithTheReason() throws Exception {
    TestPack.in(packs, "flows").workflow("guarded", PARAMETERS, WORKFLOW);
    Path flag = work.resolve("flag");
    Path log = work.resolve("stamps.log");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_PACKS_PATH",
        RunningSquall.testPacks() + ":" + packs))) {
      String id = squall.runToEnd("flows.guarded", Map.of("flag", flag.toString(), "log", log.toString()))
          .get("id").asText();
      RunningSquall.Response unknown = squall.post("/api/v1/executions/" + id + "/re_run",
          Map.of("tasks", List.of("chekc")));
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.fault()).isEqualTo("Unable to rerun workflow because one or more tasks is not found: chekc");
      RunningSquall.Response withParameters = squall.post("/api/v1/executions/" + id + "/re_run",
          Map.of("tasks", List.of("check"), "parameters", Map.of("flag", "/tmp")));
      assertThat(withParameters.status()).isEqualTo(400);
      assertThat(withParameters.fault())
          .isEqualTo("Parameters override is not supported when re-running task(s) for a workflow.");

      String action = squall.runToEnd("core.local", Map.of("cmd", "true")).get("id").asText();
      RunningSquall.Response notWorkflow = squall.post("/api/v1/executions/" + action + "/re_run",
          Map.of("tasks", List.of("check")));
      assertThat(notWorkflow.status()).isEqualTo(400);
      assertThat(notWorkflow.fault()).isEqualTo("Task option is only supported for Orquesta workflows.");
      assertThat(squall.get("/api/v1/executions/" + id + "/children").json()).hasSize(2);
    }
  }

  private static List<String> tasks(RunningSquall squall, String id) {
    List<String> tasks = new ArrayList<>();
    squall.get("/api/v1/executions/" + id + "/children").json()
        .forEach(c -> tasks.add(c.at("/context/orquesta/task_name").asText()));
    return tasks;
  }

  private static JsonNode awaitEnd(RunningSquall squall, String id) {
    return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> squall.get("/api/v1/executions/" + id).json(),
            e -> Set.of("succeeded", "failed", "timeout", "canceled", "abandoned").contains(e.get("status").asText()));
  }

  private static Run cli(RunningSquall squall, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("SQUALL_HOME", squall.home().toString(),
        "SQUALL_API_URL", squall.url().toString());
    CliEnvironment ce = new CliEnvironment(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = SquallCli.commandLine(ce).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
