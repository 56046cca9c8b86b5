package dev.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.orquesta.Expressions;
import dev.squall.engine.datastore.Datastore;
import dev.squall.engine.datastore.KeyValuePair.Scope;
import dev.squall.engine.datastore.SecretBox;
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
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows run live: every task a child execution through the execution service, on H2. Every
 * conformance case but the inquiry one runs with a test action that returns each task's mocked
 * status and result, whatever its type (strings, lists, objects).
 */
class OrquestaRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packDir;
  private Database db;
  private EventBus bus;
  private ExecutionService service;
  private Datastore datastore;
  private final Map<String, ActionDef> workflows = new ConcurrentHashMap<>();
  /** Mocked results by task name for the case running now. */
  private final Map<String, Deque<Map<String, Object>>> mocks = new ConcurrentHashMap<>();
  private final Map<String, List<Map<String, Object>>> itemMocks = new ConcurrentHashMap<>();
  /** What a child that returned {@code pending} (an inquiry) becomes once answered, by its id. */
  private final Map<String, Map<String, Object>> answers = new ConcurrentHashMap<>();
  /** Open unless a case holds its tasks until it has sent a request (a cancel). */
  private volatile CountDownLatch hold = new CountDownLatch(0);

  @BeforeEach
  void open() throws Exception {
    db = Database.open(StoreConfig.h2File(home));
    bus = new EventBus();
    ExecutionService[] holder = new ExecutionService[1];
    datastore = new Datastore(db.dataSource(), SecretBox.open(home.resolve("datastore.key")), Clock.systemUTC());
    Map<String, Runner> runners = Map.of("noop", new NoopRunner(), "mock", new MockRunner(),
        "orquesta", new OrquestaRunner(() -> holder[0],
            Expressions.standard(new OrquestaRuntime(datastore, () -> holder[0]))));
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

  /**
   * Returns the next mocked status and result of the task it runs for, the result whatever its
   * type (a string, a list, an object); while {@link #hold} is closed, a run waits for it.
   */
  private final class MockRunner implements Runner {
    @Override
    public String name() {
      return "mock";
    }

    @Override
    @SuppressWarnings("unchecked")
    public RunnerResult run(RunContext ctx) {
      try {
        hold.await();
      } catch (InterruptedException e) {
        return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
      }
      Map<String, Object> orquesta = (Map<String, Object>) ctx.context().get("orquesta");
      String task = (String) orquesta.get("task_name");
      Deque<Map<String, Object>> q = mocks.get(task);
      // The items of a with-items task run concurrently: each takes the mock of its own index.
      List<Map<String, Object>> forItems = itemMocks.get(task);
      Map<String, Object> mock = orquesta.get("item_id") instanceof Integer item && forItems != null
          && item < forItems.size() ? forItems.get(item) : q == null ? null : q.poll();
      if (mock == null) {
        return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of());
      }
      if ("pending".equals(mock.get("status")) && mock.get("then") instanceof Map<?, ?> then) {
        answers.put(ctx.executionId(), (Map<String, Object>) then);
      }
      return new RunnerResult(ExecutionStatus.fromWire((String) mock.getOrDefault("status", "succeeded")),
          mock.get("result"));
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

  /** Every case but those that wait on an inquiry, which the inquiries tests replay with a real answer. */
  static boolean replayable(Map<String, Object> c) {
    return !OrquestaCases.waitsOnInquiry(c);
  }

  @Test
  void everyCaseButTheInquiryOnesIsReplayedLive() throws Exception {
    List<String> skipped = OrquestaCases.all().stream().filter(c -> !replayable(c)).map(c -> (String) c.get("name")).toList();
    assertThat(skipped).containsExactly("inquiry_pending_timeout");
  }

  @TestFactory
  Stream<DynamicTest> casesRunLiveAsTheRealConductorRanThem() throws Exception {
    return OrquestaCases.all().stream().filter(OrquestaRunnerTest::replayable)
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> runLive(c)));
  }

  @SuppressWarnings("unchecked")
  private void runLive(Map<String, Object> c) throws Exception {
    mocks.clear();
    itemMocks.clear();
    OrquestaCases.mocks(c).forEach((task, list) -> {
      mocks.put(task, new ArrayDeque<>(list));
      itemMocks.put(task, List.copyOf(list));
    });
    List<Map<String, Object>> requests = OrquestaCases.requests(c);
    assertThat(requests).as("a live replay sends a cancel before the second wave, nothing else")
        .allMatch(r -> r.get("request").equals("cancel") && r.get("before_wave").equals(1));
    hold = new CountDownLatch(requests.isEmpty() ? 0 : 1);
    String ref = workflow((String) c.get("name"), (String) c.get("workflow_yaml"));
    Execution wf = service.submit(ref, (Map<String, Object>) c.getOrDefault("inputs", Map.of()),
        Map.of("user", "stanley"));
    List<Map<String, Object>> expectedRequests = OrquestaCases.actionRequests(c);
    if (!requests.isEmpty()) {
      // The first wave's tasks run (held); the cancel comes before any of them ends, as the
      // oracle sends it before the second wave. Running actions finish; nothing new starts.
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> children(wf.id()).size() == expectedRequests.size()
          && children(wf.id()).stream().allMatch(ch -> ch.status() == ExecutionStatus.RUNNING));
      service.cancel(wf.id());
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> service.get(wf.id()).status() == ExecutionStatus.CANCELING);
      hold.countDown();
    }
    Execution done = service.await(wf.id(), WAIT);
    if (c.containsKey("expected_inspection_errors")) {
      assertInspectionFailure(c, done);
      return;
    }
    assertThat(done.status().wire()).isEqualTo(c.get("expected_workflow_status"));
    Object expectedOutput = dev.squall.core.orquesta.Values.plain(c.get("expected_output"));
    if (!requests.isEmpty()) {
      // Output and errors are not compared: the oracle cancels after the first wave's results
      // are recorded and before the next tasks are asked for. Live (in st2 as here) those are one
      // step, so a cancel reaches a sequential workflow only while a task runs, and that task then
      // ends in a canceling workflow: its transition is taken but not run (the task stays a
      // terminal task), and the output renders from its context instead of failing.
      assertThat(done.result()).containsKey("output");
    } else if (OrquestaCases.outputsWholeContext(c)) {
      OrquestaCases.assertWholeContextOutput(c, done.result().get("output"), wf.id(), "stanley");
    } else {
      assertThat(done.result().get("output")).isEqualTo(expectedOutput);
    }
    if (done.status() == ExecutionStatus.SUCCEEDED) {
      // st2 puts a workflow's errors into its result only when it did not succeed; errors
      // logged by tasks it remediated stay in its workflow record.
      assertThat(done.result()).doesNotContainKey("errors");
    } else if (requests.isEmpty()) {
      assertThat(OrquestaCases.comparableErrors(done.result().get("errors")))
          .isEqualTo(OrquestaCases.comparableErrors(c.get("expected_errors")));
    }
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
      Object input = OrquestaCases.input(r);
      assertThat(children).as("a child for " + r)
          .anyMatch(ch -> ch.actionRef().equals(r.get("action")) && dev.squall.core.orquesta.Values.plain(ch.parameters()).equals(input)
              && ((Map<String, Object>) ch.context().get("orquesta")).get("task_name").equals(r.get("task")));
    }
    assertTaskStatuses(c, children);
  }

  /**
   * The final status of each task that ran an action, as the oracle recorded it: the last
   * child of each task and route has the task's status (a retried task's earlier ones failed).
   */
  @SuppressWarnings("unchecked")
  private static void assertTaskStatuses(Map<String, Object> c, List<Execution> children) {
    Map<String, String> expected = OrquestaCases.finalTaskStatuses(c);
    Map<String, List<Execution>> byTask = new LinkedHashMap<>();
    for (Execution ch : children) {
      Map<String, Object> o = (Map<String, Object>) ch.context().get("orquesta");
      String key = OrquestaCases.taskKey(o.get("task_name"), o.get("task_route"));
      byTask.computeIfAbsent(key, k -> new ArrayList<>()).add(ch);
    }
    byTask.forEach((task, runs) -> {
      String want = expected.get(task);
      assertThat(want).as("the oracle ran " + task).isNotNull();
      if (runs.stream().noneMatch(r -> r.context().get("orquesta") instanceof Map<?, ?> o && o.get("item_id") != null)) {
        Execution last = runs.get(runs.size() - 1);
        assertThat(OrquestaCases.taskStatus(last.status().wire())).as("the last run of " + task).isEqualTo(want);
      }
    });
  }

  /** A definition that fails inspection fails the execution with those errors, and runs nothing. */
  @SuppressWarnings("unchecked")
  private void assertInspectionFailure(Map<String, Object> c, Execution done) {
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    List<List<Object>> expected = OrquestaCases.inspectionErrors(c);
    List<List<Object>> actual = new ArrayList<>();
    ((List<Map<String, Object>>) done.result().get("errors")).forEach(e ->
        actual.add(List.of(e.get("type"), e.get("message"), e.get("spec_path"))));
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(children(done.id())).isEmpty();
  }

  /** The cases whose inquiry (a {@code pending} mock) says what its answer is ({@code then}). */
  @SuppressWarnings("unchecked")
  static boolean answeredInquiry(Map<String, Object> c) {
    return !c.containsKey("requests") && OrquestaCases.mocks(c).values().stream()
        .flatMap(List::stream)
        .anyMatch(m -> "pending".equals(m.get("status")) && m.get("then") instanceof Map<?, ?>);
  }

  @TestFactory
  Stream<DynamicTest> inquiryCasesPauseTheWorkflowAndTheAnswerRoutesItAsTheRealConductorDid() throws Exception {
    return OrquestaCases.all().stream().filter(OrquestaRunnerTest::answeredInquiry)
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> runAnswered(c)));
  }

  @SuppressWarnings("unchecked")
  private void runAnswered(Map<String, Object> c) throws Exception {
    mocks.clear();
    answers.clear();
    OrquestaCases.mocks(c).forEach((task, list) -> mocks.put(task, new ArrayDeque<>(list)));
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
    List<String> expectedTasks = OrquestaCases.actionRequests(c).stream().map(r -> (String) r.get("task")).toList();
    assertThat(children(wf.id())).extracting(ch -> ((Map<String, Object>) ch.context().get("orquesta")).get("task_name"))
        .containsExactlyInAnyOrderElementsOf(expectedTasks);
  }

  @Test
  @SuppressWarnings("unchecked")
  void st2kvReadsTheDatastoreAsTheWorkflowsUserAndTaskReadsTheTasksChildExecutions() throws Exception {
    datastore.set(Scope.SYSTEM, null, "db_host", "db.internal", false, null, null);
    datastore.set(Scope.SYSTEM, null, "db_password", "hunter2", true, null, null);
    datastore.set(Scope.USER, "stanley", "theme", "dark", false, null, null);
    datastore.set(Scope.USER, "other", "theme", "light", false, null, null);
    mocks.put("probe", new ArrayDeque<>(List.of(Map.of("result", Map.of("stdout", "up 3 days")))));
    String ref = workflow("kv", """
        version: 1.0
        tasks:
          probe:
            action: core.probe
            next:
              - when: <% succeeded() %>
                publish:
                  - uptime: <% task(probe).result.stdout %>
                  - probe_id: "{{ task().task_execution_id }}"
                do: each
          each:
            with: <% [1, 2] %>
            action: core.echo
        output:
          - host: <% st2kv('system.db_host') %>
          - password_stored: <% st2kv('system.db_password') %>
          - password: "{{ st2kv('system.db_password', decrypt=true) }}"
          - theme: <% st2kv(theme) %>
          - missing: <% st2kv('system.none', default => 'n/a') %>
          - uptime: <% ctx(uptime) %>
          - probe_id: <% ctx(probe_id) %>
          - each: <% task(each).result.items.select($.status) %>
          - probe_start: <% task(probe).start_timestamp %>
        """);
    Execution wf = service.submit(ref, Map.of(), Map.of("user", "stanley"));
    Execution done = service.await(wf.id(), WAIT);
    assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> output = (Map<String, Object>) done.result().get("output");
    assertThat(output)
        .containsEntry("host", "db.internal")
        .containsEntry("password", "hunter2")
        .containsEntry("theme", "dark")
        .containsEntry("missing", "n/a")
        .containsEntry("uptime", "up 3 days")
        .containsEntry("probe_id", wf.id() + ":probe__r0")
        .containsEntry("each", List.of("succeeded", "succeeded"));
    assertThat((String) output.get("password_stored")).isNotEqualTo("hunter2").isNotBlank();
    Execution probe = children(wf.id()).getFirst();
    String start = (String) output.get("probe_start"); // Python's str() of a UTC datetime
    assertThat(start).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
    assertThat(java.time.Instant.parse(start.replace(' ', 'T').replace("+00:00", "Z")))
        .isEqualTo(probe.startTimestamp().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
  }

  @Test
  void st2kvOfAMissingKeyWithoutDefaultFailsTheWorkflowNamingTheKey() throws Exception {
    String ref = workflow("kvmissing", """
        version: 1.0
        tasks:
          one:
            action: core.noop
        output:
          - x: <% st2kv('system.not_there') %>
        """);
    Execution done = service.await(service.submit(ref, Map.of(), Map.of("user", "stanley")).id(), WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(done.result().get("errors").toString())
        .contains("The key \"not_there\" does not exist in the StackStorm datastore.");
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
  void pausingAWorkflowPausesItsRunningSubWorkflowAndResumingResumesBoth() throws Exception {
    mocks.clear();
    itemMocks.clear();
    hold = new CountDownLatch(1);
    String inner = workflow("inner", """
        version: 1.0
        tasks:
          first:
            action: test.slow
            next:
              - do: second
          second:
            action: core.noop
        """);
    String outer = workflow("outer", """
        version: 1.0
        tasks:
          sub:
            action: %s
            next:
              - do: after
          after:
            action: core.noop
        """.formatted(inner));
    Execution wf = service.submit(outer, Map.of(), Map.of());
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> children(wf.id()).size() == 1
        && children(children(wf.id()).getFirst().id()).size() == 1);
    Execution sub = children(wf.id()).getFirst();

    service.pause(wf.id());
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> service.get(sub.id()).status() == ExecutionStatus.PAUSING);
    assertThat(service.get(wf.id()).status()).as("paused only once its sub-workflow is").isEqualTo(ExecutionStatus.PAUSING);
    hold.countDown(); // the sub-workflow's running task ends; it starts no other
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> service.get(wf.id()).status() == ExecutionStatus.PAUSED);
    assertThat(service.get(sub.id()).status()).isEqualTo(ExecutionStatus.PAUSED);
    assertThat(children(sub.id())).extracting(Execution::actionRef).containsExactly("test.slow");
    assertThat(children(wf.id())).hasSize(1);

    service.resume(wf.id());
    Execution done = service.await(wf.id(), WAIT);
    assertThat(done.status()).as(String.valueOf(done.result())).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(service.get(sub.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(children(sub.id())).extracting(Execution::actionRef).containsExactly("test.slow", "core.noop");
    assertThat(children(wf.id())).extracting(Execution::actionRef).containsExactly(inner, "core.noop");
    assertThat(service.get(sub.id()).log()).extracting(Execution.StatusChange::status)
        .containsSubsequence(ExecutionStatus.PAUSING, ExecutionStatus.PAUSED, ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
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

  private static final String FLAKY = """
      version: 1.0
      tasks:
        probe:
          action: core.probe
          next:
            - when: <% succeeded() %>
              publish:
                - uptime: <% task(probe).result.stdout %>
              do: flaky
        flaky:
          action: core.flaky
          next:
            - when: <% succeeded() %>
              do: last
        last:
          action: core.last
      output:
        - uptime: <% ctx(uptime) %>
      """;

  private List<String> childTasks(String id) {
    return children(id).stream().map(c -> (String) ((Map<?, ?>) c.context().get("orquesta")).get("task_name"))
        .toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void reRunningAFailedWorkflowFromItsFailedTaskRunsOnlyThatTaskAndWhatFollowsKeepingEarlierResults()
      throws Exception {
    mocks.clear();
    mocks.put("probe", new ArrayDeque<>(List.of(Map.of("result", Map.of("stdout", "up 3 days")))));
    mocks.put("flaky", new ArrayDeque<>(List.of(Map.of("status", "failed", "result", Map.of("stderr", "no")),
        Map.of("result", Map.of("stdout", "yes")))));
    String ref = workflow("flaky", FLAKY);
    Execution first = service.await(service.submit(ref, Map.of(), Map.of("user", "stanley")).id(), WAIT);
    assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(childTasks(first.id())).containsExactly("probe", "flaky");

    Execution rerun = service.rerun(first.id(), Map.of(), true, "stanley", List.of("flaky"), List.of());
    assertThat((Map<String, Object>) rerun.context().get("re-run"))
        .isEqualTo(Map.of("ref", first.id(), "tasks", List.of("flaky")));
    Execution done = service.await(rerun.id(), WAIT);
    assertThat(done.status()).as(String.valueOf(done.result())).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat((Map<String, Object>) done.result().get("output")).containsEntry("uptime", "up 3 days");
    assertThat(childTasks(done.id())).containsExactly("flaky", "last");
    // The original is left as it ended; re-running it again starts from its own failed state.
    assertThat(service.get(first.id()).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(childTasks(first.id())).containsExactly("probe", "flaky");
  }

  private static final String ITEMS = """
      version: 1.0
      tasks:
        each:
          with: x in <% [a, b, c] %>
          action: core.echo message=<% item(x) %>
          next:
            - when: <% succeeded() %>
              do: last
        last:
          action: core.last
      output:
        - each: <% task(each).result.items.select($.result) %>
      """;

  @Test
  @SuppressWarnings("unchecked")
  void reRunningAWithItemsTaskRunsOnlyItsFailedItemsUnlessReset() throws Exception {
    mocks.clear();
    itemMocks.put("each", List.of(Map.of("result", "A"), Map.of("status", "failed", "result", "no"),
        Map.of("result", "C")));
    String ref = workflow("items", ITEMS);
    Execution first = service.await(service.submit(ref, Map.of(), Map.of()).id(), WAIT);
    assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);

    itemMocks.put("each", List.of(Map.of("result", "A2"), Map.of("result", "B2"), Map.of("result", "C2")));
    Execution failedOnly = service.await(
        service.rerun(first.id(), Map.of(), true, null, List.of("each"), List.of()).id(), WAIT);
    assertThat(failedOnly.status()).as(String.valueOf(failedOnly.result())).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(childTasks(failedOnly.id())).containsExactly("each", "last");
    assertThat((Map<String, Object>) failedOnly.result().get("output"))
        .containsEntry("each", List.of("A", "B2", "C"));

    Execution reset = service.await(
        service.rerun(first.id(), Map.of(), true, null, List.of("each"), List.of("each")).id(), WAIT);
    assertThat(reset.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(childTasks(reset.id())).containsExactly("each", "each", "each", "last");
    assertThat((Map<String, Object>) reset.result().get("output"))
        .containsEntry("each", List.of("A2", "B2", "C2"));
  }

  @Test
  void aReRunFromTasksIsRefusedWithStackStormsReasons() throws Exception {
    mocks.clear();
    mocks.put("probe", new ArrayDeque<>(List.of(Map.of("result", Map.of("stdout", "up")))));
    mocks.put("flaky", new ArrayDeque<>(List.of(Map.of("status", "failed"))));
    Execution first = service.await(service.submit(workflow("flaky", FLAKY), Map.of(), Map.of()).id(), WAIT);
    assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> service.rerun(first.id(), Map.of(), true, null, List.of("nope", "last"), List.of()))
        .isInstanceOf(dev.squall.core.error.BadRequestException.class)
        .hasMessage("Unable to rerun workflow because one or more tasks is not found: nope,last");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> service.rerun(first.id(), Map.of("x", 1), true, null, List.of("flaky"), List.of()))
        .isInstanceOf(dev.squall.core.error.BadRequestException.class)
        .hasMessage("Parameters override is not supported when re-running task(s) for a workflow.");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> service.rerun(first.id(), Map.of(), true, null, List.of("flaky"), List.of("probe")))
        .isInstanceOf(dev.squall.core.error.BadRequestException.class)
        .hasMessage("List of tasks to reset does not match the tasks to rerun.");

    Execution action = service.await(service.submit("core.echo", Map.of(), Map.of()).id(), WAIT);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> service.rerun(action.id(), Map.of(), true, null, List.of("flaky"), List.of()))
        .isInstanceOf(dev.squall.core.error.BadRequestException.class)
        .hasMessage("Task option is only supported for Orquesta workflows.");

    hold = new CountDownLatch(1);
    Execution running = service.submit(workflow("flaky", FLAKY), Map.of(), Map.of());
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !children(running.id()).isEmpty());
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> service.rerun(running.id(), Map.of(), true, null, List.of("probe"), List.of()))
        .isInstanceOf(dev.squall.core.error.BadRequestException.class)
        .hasMessage("Unable to rerun workflow execution \"" + running.id()
            + "\" because it is not in a completed state.");
    hold.countDown();
    assertThat(service.await(running.id(), WAIT).status().isTerminal()).isTrue();
    assertThat(children(first.id())).hasSize(2);
  }
}
