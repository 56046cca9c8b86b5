package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.orquesta.Values;
import dev.squall.engine.workflow.OrquestaCases;
import dev.squall.server.RunningSquall;
import dev.squall.server.TestPack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code orquesta-cases.json}, produced by running the real orquesta conductor,
 * replayed on a running server over StackStorm's API: each case's workflow is an action of a pack
 * the server loads, started by {@code POST /api/v1/executions}; each task's action is a test
 * action ({@link MockedResultRunner}) returning the case's mocked status and result; a cancel is
 * {@code DELETE /api/v1/executions/{id}}, and an inquiry left pending ends by StackStorm's
 * {@code PUT /api/v1/executions/{id}}. The workflow's status, output and errors are read with
 * {@code GET /api/v1/executions/{id}}, its tasks with {@code GET /api/v1/executions/{id}/children}.
 */
class OrquestaCasesOverApiTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");
  /** The cases' actions; each becomes the test action of the same name in the pack {@code replay}. */
  private static final Pattern ACTION = Pattern.compile("\\b(?:core|mypack)\\.(noop|echo|ask|deploy|check_status)\\b");

  private static Path packs;
  private static RunningSquall squall;

  @BeforeAll
  static void start() throws IOException {
    packs = Files.createTempDirectory("orquesta-cases-packs");
    writeReplayPack(packs);
    squall = RunningSquall.startIn(Files.createTempDirectory("orquesta-cases-home"),
        Map.of("SQUALL_PACKS_PATH", packs.toString()));
  }

  @AfterAll
  static void stop() {
    squall.close();
  }

  /**
   * The pack: one orquesta action per case (its parameters the case's inputs), and the test
   * actions, each declaring every input the cases give it.
   */
  private static void writeReplayPack(Path packs) {
    TestPack pack = TestPack.in(packs, "replay");
    Map<String, Set<String>> inputsByAction = new TreeMap<>();
    for (Map<String, Object> c : OrquestaCases.all()) {
      pack.workflow((String) c.get("name"), parameters(inputs(c).keySet()),
          ACTION.matcher((String) c.get("workflow_yaml")).replaceAll("replay.$1"));
      for (Map<String, Object> r : OrquestaCases.actionRequests(c)) {
        Set<String> keys = inputsByAction.computeIfAbsent(testAction((String) r.get("action")), k -> new LinkedHashSet<>());
        if (OrquestaCases.input(r) instanceof Map<?, ?> input) {
          input.keySet().forEach(k -> keys.add((String) k));
        }
      }
    }
    inputsByAction.forEach((ref, inputs) -> {
      String name = ref.substring("replay.".length());
      String declared = parameters(inputs);
      pack.file("actions/" + name + ".yaml", "name: " + name + "\nrunner_type: " + MockedResultRunner.NAME
          + "\n" + (declared == null ? "" : "parameters:\n" + declared.indent(2)));
    });
  }

  /** Parameters of any type, as a {@code parameters} mapping's YAML; null for none. */
  private static String parameters(Set<String> names) {
    StringBuilder out = new StringBuilder();
    names.forEach(n -> out.append(n).append(":\n  description: as the case gives it\n"));
    return names.isEmpty() ? null : out.toString();
  }

  /** The test action standing for one of the cases' actions. */
  private static String testAction(String caseAction) {
    Matcher m = ACTION.matcher(caseAction);
    assertThat(m.matches()).as("an action the replay pack stands in for: " + caseAction).isTrue();
    return "replay." + m.group(1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> inputs(Map<String, Object> c) {
    return (Map<String, Object>) c.getOrDefault("inputs", Map.of());
  }

  @TestFactory
  Stream<DynamicTest> everyCaseRunsOverTheApiAsTheRealConductorRanIt() {
    List<Map<String, Object>> cases = OrquestaCases.all();
    assertThat(cases).hasSize(31);
    return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> replay(c)));
  }

  private void replay(Map<String, Object> c) {
    List<Map<String, Object>> requests = OrquestaCases.requests(c);
    assertThat(requests).as("a replay sends a cancel before the second wave, nothing else")
        .allMatch(r -> r.get("request").equals("cancel") && r.get("before_wave").equals(1));
    MockedResultRunner.play(OrquestaCases.mocks(c), !requests.isEmpty());
    String ref = "replay." + c.get("name");
    RunningSquall.Response created = squall.post("/api/v1/executions", Map.of("action", ref, "parameters", inputs(c)));
    if (c.containsKey("expected_inspection_errors")) {
      assertRefusedWithInspectionErrors(c, created);
      return;
    }
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = (String) map(created.body()).get("id");
    List<Map<String, Object>> expectedRequests = OrquestaCases.actionRequests(c);
    if (!requests.isEmpty()) {
      // The first wave's tasks run (held); the cancel comes before any of them ends.
      await().atMost(WAIT).until(() -> children(id).size() == expectedRequests.size()
          && children(id).stream().allMatch(ch -> "running".equals(ch.get("status"))));
      RunningSquall.Response canceled = squall.call("DELETE", "/api/v1/executions/" + id, null);
      assertThat(canceled.status()).as(canceled.body()).isEqualTo(200);
      await().atMost(WAIT).until(() -> "canceling".equals(execution(id).get("status")));
      MockedResultRunner.release();
    }
    if (OrquestaCases.waitsOnInquiry(c)) {
      endPendingTasksAsMocked(c, id);
    }
    Map<String, Object> done = await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
        .until(() -> execution(id), e -> TERMINAL.contains(e.get("status")));
    assertThat(done.get("status")).as(String.valueOf(done.get("result"))).isEqualTo(c.get("expected_workflow_status"));
    Map<String, Object> result = result(done);
    if (!requests.isEmpty()) {
      // As in the engine's replay: the oracle's cancel point falls inside one live step, so the
      // output renders from the running task's context and is not compared.
      assertThat(result).containsKey("output");
    } else if (OrquestaCases.outputsWholeContext(c)) {
      OrquestaCases.assertWholeContextOutput(c, result.get("output"), id, user(done));
    } else {
      assertThat(Values.plain(result.get("output"))).isEqualTo(Values.plain(c.get("expected_output")));
    }
    if ("succeeded".equals(done.get("status"))) {
      assertThat(result).doesNotContainKey("errors");
    } else if (requests.isEmpty()) {
      assertThat(OrquestaCases.comparableErrors(result.get("errors")))
          .isEqualTo(OrquestaCases.comparableErrors(c.get("expected_errors")));
    }
    assertChildren(c, id, user(done), expectedRequests);
  }

  /**
   * The inquiry cases: the workflow pauses on the pending task; the test ends that task as its
   * mock says ({@code then}) through {@code PUT /api/v1/executions/{id}}, and the workflow goes on.
   */
  @SuppressWarnings("unchecked")
  private void endPendingTasksAsMocked(Map<String, Object> c, String id) {
    List<Map<String, Object>> thens = new ArrayList<>();
    OrquestaCases.mocks(c).values().forEach(list -> list.stream()
        .filter(m -> "pending".equals(m.get("status"))).forEach(m -> thens.add((Map<String, Object>) m.get("then"))));
    for (Map<String, Object> then : thens) {
      await().atMost(WAIT).until(() -> "paused".equals(execution(id).get("status")));
      Map<String, Object> pending = children(id).stream().filter(ch -> "pending".equals(ch.get("status")))
          .findFirst().orElseThrow();
      RunningSquall.Response ended = squall.call("PUT", "/api/v1/executions/" + pending.get("id"),
          json(Map.of("status", then.get("status"), "result", then.getOrDefault("result", Map.of()))));
      assertThat(ended.status()).as(ended.body()).isEqualTo(200);
      assertThat(map(ended.body())).containsEntry("status", then.get("status"));
    }
    Map<String, Object> wf = execution(id);
    assertThat(wf.get("log").toString()).contains("paused");
  }

  /** Tasks, their actions and inputs, parents, users and final statuses, as the oracle ran them. */
  @SuppressWarnings("unchecked")
  private void assertChildren(Map<String, Object> c, String id, String user, List<Map<String, Object>> expectedRequests) {
    List<Map<String, Object>> children = children(id);
    List<String> actualTasks = new ArrayList<>();
    for (Map<String, Object> child : children) {
      Map<String, Object> context = (Map<String, Object>) child.get("context");
      actualTasks.add((String) ((Map<String, Object>) context.get("orquesta")).get("task_name"));
      assertThat(((Map<String, Object>) context.get("parent")).get("execution_id")).isEqualTo(id);
      assertThat(context.get("user")).isEqualTo(user);
    }
    assertThat(actualTasks).containsExactlyInAnyOrderElementsOf(
        expectedRequests.stream().map(r -> (String) r.get("task")).toList());
    for (Map<String, Object> r : expectedRequests) {
      assertThat(children).as("a child for " + r).anyMatch(ch ->
          ((Map<String, Object>) ch.get("action")).get("ref").equals(testAction((String) r.get("action")))
              && Values.plain(ch.get("parameters")).equals(OrquestaCases.input(r))
              && orquesta(ch).get("task_name").equals(r.get("task")));
    }
    Map<String, String> expected = OrquestaCases.finalTaskStatuses(c);
    Map<String, List<Map<String, Object>>> byTask = new LinkedHashMap<>();
    children.forEach(ch -> byTask.computeIfAbsent(
        OrquestaCases.taskKey(orquesta(ch).get("task_name"), orquesta(ch).get("task_route")), k -> new ArrayList<>()).add(ch));
    byTask.forEach((task, runs) -> {
      assertThat(expected).as("the oracle ran " + task).containsKey(task);
      if (runs.stream().noneMatch(ch -> orquesta(ch).get("item_id") != null)) {
        // The last run has the task's status (a retried task's earlier ones failed).
        assertThat(OrquestaCases.taskStatus((String) runs.getLast().get("status"))).as("the last run of " + task).isEqualTo(expected.get(task));
      }
    });
  }

  /**
   * A workflow that fails inspection never runs: the pack load refused it, and running it says
   * why, with the inspection's errors.
   */
  private void assertRefusedWithInspectionErrors(Map<String, Object> c, RunningSquall.Response created) {
    assertThat(created.status()).as(created.body()).isBetween(400, 499);
    String refusal = (String) map(created.body()).get("faultstring");
    assertThat(refusal).startsWith("Action \"replay." + c.get("name") + "\" did not load, for its errors: ");
    for (List<Object> e : OrquestaCases.inspectionErrors(c)) {
      assertThat(refusal).contains(String.valueOf(e.get(1)));
    }
    assertThat(squall.get("/api/v1/executions?action=replay." + c.get("name")).body()).isEqualTo("[]");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> orquesta(Map<String, Object> child) {
    return (Map<String, Object>) ((Map<String, Object>) child.get("context")).get("orquesta");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(Map<String, Object> execution) {
    return execution.get("result") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static String user(Map<String, Object> execution) {
    return (String) ((Map<String, Object>) execution.get("context")).get("user");
  }

  private Map<String, Object> execution(String id) {
    return map(squall.get("/api/v1/executions/" + id).body());
  }

  /** The workflow's task executions, in the order they started. */
  private List<Map<String, Object>> children(String id) {
    RunningSquall.Response r = squall.get("/api/v1/executions/" + id + "/children");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    try {
      List<Map<String, Object>> all = JSON.readValue(r.body(), new TypeReference<>() {});
      return all.stream().sorted(Comparator.comparing((Map<String, Object> ch) -> (String) ch.get("start_timestamp"))
          .thenComparing(ch -> (String) ch.get("id"))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> map(String body) {
    try {
      return JSON.readValue(body, new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
