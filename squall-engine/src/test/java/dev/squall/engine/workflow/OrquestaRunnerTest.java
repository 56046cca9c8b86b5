package dev.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ActionDef;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.orquesta.Expressions;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.NoopRunner;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows run live: every task a child execution through the execution service, on H2. The
 * conformance cases whose mocked results are objects (the shape a runner returns) run with a test
 * action that returns each task's mocked status and result.
 */
class OrquestaRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packDir;
  private Database db;
  private EventBus bus;
  private ExecutionService service;
  private final Map<String, ActionDef> workflows = new ConcurrentHashMap<>();
  /** Mocked results by task name for the case running now. */
  private final Map<String, Deque<Map<String, Object>>> mocks = new ConcurrentHashMap<>();
  /** What a child that returned {@code pending} (an inquiry) becomes once answered, by its id. */
  private final Map<String, Map<String, Object>> answers = new ConcurrentHashMap<>();

  @BeforeEach
  void open() {
    db = Database.open(StoreConfig.h2File(home));
    bus = new EventBus();
    ExecutionService[] holder = new ExecutionService[1];
    Map<String, Runner> runners = Map.of("noop", new NoopRunner(), "mock", new MockRunner(),
        "orquesta", new OrquestaRunner(() -> holder[0], Expressions.standard()));
    ParameterResolver passThrough = (action, given, event, ctx) ->
        ParameterResolver.Resolved.plain(new LinkedHashMap<>(given));
    service = new ExecutionService(new ExecutionRepository(db), this::lookup, passThrough, runners,
        bus, Clock.systemUTC(), 4);
    holder[0] = service;
    service.start();
  }

  @AfterEach
  void close() {
    service.close(Duration.ofSeconds(5));
    bus.close();
    db.close();
  }

  private ActionDef lookup(String ref) {
    ActionDef wf = workflows.get(ref);
    if (wf != null) {
      return wf;
    }
    String[] parts = ref.split("\\.", 2);
    if (parts.length != 2) {
      throw new NotFoundException("Action with ref \"" + ref + "\" not found");
    }
    return new ActionDef(parts[0], parts[1], "", "mock", "",
        true, Map.of(), Map.of(), null, null);
  }

  /** Returns the next mocked status and result of the task it runs for. */
  private final class MockRunner implements Runner {
    @Override
    public String name() {
      return "mock";
    }

    @Override
    @SuppressWarnings("unchecked")
    public RunnerResult run(RunContext ctx) {
      Map<String, Object> orquesta = (Map<String, Object>) ctx.context().get("orquesta");
      Deque<Map<String, Object>> q = mocks.get((String) orquesta.get("task_name"));
      Map<String, Object> mock = q == null ? null : q.poll();
      if (mock == null) {
        return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of());
      }
      Object result = mock.get("result");
      if ("pending".equals(mock.get("status")) && mock.get("then") instanceof Map<?, ?> then) {
        answers.put(ctx.executionId(), (Map<String, Object>) then);
      }
      return new RunnerResult(ExecutionStatus.fromWire((String) mock.getOrDefault("status", "succeeded")),
          result == null ? Map.of() : (Map<String, Object>) result);
    }
  }

  private String workflow(String name, String yaml) throws Exception {
    Path file = packDir.resolve("actions/workflows/" + name + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    workflows.put("wf." + name, new ActionDef("wf", name, "", "orquesta", "workflows/" + name + ".yaml",
        true, Map.of(), Map.of(), packDir, null));
    return "wf." + name;
  }

  private List<Execution> children(String id) {
    return service.list(ExecutionQuery.all().withParentId(id).page(0, 10_000)).items().stream()
        .sorted(Comparator.comparing(Execution::startTimestamp).thenComparing(Execution::id)).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases() throws Exception {
    try (InputStream in = OrquestaRunnerTest.class.getResourceAsStream("/orquesta/orquesta-cases.json")) {
      Map<String, Object> root = new ObjectMapper().readValue(in, new TypeReference<>() {});
      return (List<Map<String, Object>>) root.get("cases");
    }
  }

  /**
   * Cases a live run can replay: no inquiry, no request, mocked results that are objects (a
   * runner's result is one), and no output of the whole {@code ctx()} (in st2 it holds the
   * {@code st2} and {@code parent} context too).
   */
  @SuppressWarnings("unchecked")
  static boolean replayable(Map<String, Object> c) {
    if (c.containsKey("requests") || c.containsKey("expected_inspection_errors")
        || ((String) c.get("workflow_yaml")).contains("<% ctx() %>")) {
      return false;
    }
    Map<String, Object> results = (Map<String, Object>) c.getOrDefault("mock_results", Map.of());
    return results.values().stream().flatMap(l -> ((List<Map<String, Object>>) l).stream())
        .allMatch(m -> !"pending".equals(m.get("status"))
            && (m.get("result") == null || m.get("result") instanceof Map<?, ?>));
  }

  @TestFactory
  Stream<DynamicTest> casesRunLiveAsTheRealConductorRanThem() throws Exception {
    return cases().stream().filter(OrquestaRunnerTest::replayable)
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> runLive(c)));
  }

  @SuppressWarnings("unchecked")
  private void runLive(Map<String, Object> c) throws Exception {
    mocks.clear();
    ((Map<String, Object>) c.getOrDefault("mock_results", Map.of())).forEach((task, list) ->
        mocks.put(task, new ArrayDeque<>((List<Map<String, Object>>) list)));
    String ref = workflow((String) c.get("name"), (String) c.get("workflow_yaml"));
    Execution wf = service.submit(ref, (Map<String, Object>) c.getOrDefault("inputs", Map.of()),
        Map.of("user", "stanley"));
    Execution done = service.await(wf.id(), WAIT);
    assertThat(done.status().wire()).isEqualTo(c.get("expected_workflow_status"));
    assertThat(done.result().get("output")).isEqualTo(dev.squall.core.orquesta.Values.plain(c.get("expected_output")));
    List<Map<String, Object>> expectedRequests = ((List<Map<String, Object>>) c.get("expected_action_requests"))
        .stream().filter(r -> r.get("action") != null).toList();
    List<Execution> children = children(wf.id());
    List<String> expectedTasks = new ArrayList<>();
    expectedRequests.forEach(r -> expectedTasks.add((String) r.get("task")));
    List<String> actualTasks = new ArrayList<>();
    for (Execution child : children) {
      Map<String, Object> o = (Map<String, Object>) child.context().get("orquesta");
      actualTasks.add((String) o.get("task_name"));
      assertThat(((Map<String, Object>) child.context().get("parent")).get("execution_id")).isEqualTo(wf.id());
      assertThat(child.context().get("user")).isEqualTo("stanley");
    }
    assertThat(actualTasks).containsExactlyInAnyOrderElementsOf(expectedTasks);
    for (Map<String, Object> r : expectedRequests) {
      Object input = r.get("input") == null ? Map.of() : dev.squall.core.orquesta.Values.plain(r.get("input"));
      assertThat(children).as("a child for " + r)
          .anyMatch(ch -> ch.actionRef().equals(r.get("action")) && dev.squall.core.orquesta.Values.plain(ch.parameters()).equals(input)
              && ((Map<String, Object>) ch.context().get("orquesta")).get("task_name").equals(r.get("task")));
    }
  }

  /** The cases whose inquiry (a {@code pending} mock) says what its answer is ({@code then}). */
  @SuppressWarnings("unchecked")
  static boolean answeredInquiry(Map<String, Object> c) {
    Map<String, Object> results = (Map<String, Object>) c.getOrDefault("mock_results", Map.of());
    return !c.containsKey("requests") && results.values().stream()
        .flatMap(l -> ((List<Map<String, Object>>) l).stream())
        .anyMatch(m -> "pending".equals(m.get("status")) && m.get("then") instanceof Map<?, ?>);
  }

  @TestFactory
  Stream<DynamicTest> inquiryCasesPauseTheWorkflowAndTheAnswerRoutesItAsTheRealConductorDid() throws Exception {
    return cases().stream().filter(OrquestaRunnerTest::answeredInquiry)
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> runAnswered(c)));
  }

  @SuppressWarnings("unchecked")
  private void runAnswered(Map<String, Object> c) throws Exception {
    mocks.clear();
    answers.clear();
    ((Map<String, Object>) c.getOrDefault("mock_results", Map.of())).forEach((task, list) ->
        mocks.put(task, new ArrayDeque<>((List<Map<String, Object>>) list)));
    String ref = workflow((String) c.get("name"), (String) c.get("workflow_yaml"));
    Execution wf = service.submit(ref, (Map<String, Object>) c.getOrDefault("inputs", Map.of()), Map.of());
    while (!service.get(wf.id()).status().isTerminal()) {
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> service.get(wf.id()).status(),
          s -> s == ExecutionStatus.PAUSED || s.isTerminal());
      for (Execution child : children(wf.id())) {
        Map<String, Object> then = answers.remove(child.id());
        if (child.status() == ExecutionStatus.PENDING && then != null) {
          service.conclude(child.id(), ExecutionStatus.fromWire((String) then.get("status")),
              then.get("result") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of());
        }
      }
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> service.get(wf.id()).status(),
          s -> s != ExecutionStatus.PAUSED);
    }
    Execution done = service.await(wf.id(), WAIT);
    assertThat(done.log()).extracting(Execution.StatusChange::status).contains(ExecutionStatus.PAUSED);
    assertThat(done.status().wire()).isEqualTo(c.get("expected_workflow_status"));
    assertThat(done.result().get("output")).isEqualTo(dev.squall.core.orquesta.Values.plain(c.get("expected_output")));
    List<String> expectedTasks = ((List<Map<String, Object>>) c.get("expected_action_requests")).stream()
        .filter(r -> r.get("action") != null).map(r -> (String) r.get("task")).toList();
    assertThat(children(wf.id())).extracting(ch -> ((Map<String, Object>) ch.context().get("orquesta")).get("task_name"))
        .containsExactlyInAnyOrderElementsOf(expectedTasks);
  }

  @Test
  void aWorkflowWithABrokenDefinitionFailsWithTheInspectionErrorsAndRunsNothing() throws Exception {
    String ref = workflow("broken", """
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - do: task9
        """);
    Execution done = service.await(service.submit(ref, Map.of(), Map.of()).id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(done.result().get("errors").toString()).contains("The task \"task9\" is not defined.");
    assertThat(children(done.id())).isEmpty();
  }

  @Test
  void cancelingAWorkflowCancelsItsRunningTaskAndStartsNoOther() throws Exception {
    workflows.put("test.block", new ActionDef("test", "block", "", "mock", "", true, Map.of(), Map.of(), null, null));
    mocks.clear();
    String ref = workflow("slow", """
        version: 1.0
        tasks:
          wait:
            action: core.noop
            delay: 30
            next:
              - do: after
          after:
            action: core.noop
        """);
    Execution wf = service.submit(ref, Map.of(), Map.of());
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> service.get(wf.id()).status() == ExecutionStatus.RUNNING);
    service.cancel(wf.id());
    Execution done = service.await(wf.id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(children(wf.id())).isEmpty();
  }
}
