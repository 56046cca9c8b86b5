package dev.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.orquesta.Expressions;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ClusterSettings;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes (execution services) on one store: a workflow (orquesta, or an action chain) runs
 * on node A; pausing, resuming and canceling it through node B (whose API was asked) records the
 * request in the store, and A, which holds the workflow, acts on it. Run against each database by
 * a subclass.
 */
abstract class WorkflowAcrossNodesContract {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ClusterSettings CLUSTER =
      new ClusterSettings(Duration.ofMinutes(59), Duration.ofHours(1), false);

  @TempDir Path packDir;
  private Database db;
  private EventBus bus;
  private ExecutionService a;
  private ExecutionService b;
  /** The first task waits for this: the test decides when it ends. */
  private final CountDownLatch gate = new CountDownLatch(1);

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() throws Exception {
    Path file = packDir.resolve("actions/workflows/two.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        version: 1.0
        tasks:
          first:
            action: test.gate
            next:
              - do: second
          second:
            action: core.noop
        """);
    Path chain = packDir.resolve("actions/chains/two.yaml");
    Files.createDirectories(chain.getParent());
    Files.writeString(chain, """
        chain:
          - name: first
            ref: test.gate
            on-success: second
          - name: second
            ref: core.noop
        """);
    db = Database.open(freshStore());
    bus = new EventBus();
    a = node();
    b = node();
    a.start();
    b.start();
  }

  @AfterEach
  void close() {
    gate.countDown();
    a.close(Duration.ofSeconds(5));
    b.close(Duration.ofSeconds(5));
    bus.close();
    db.close();
  }

  private ExecutionService node() {
    ExecutionService[] self = new ExecutionService[1];
    Runner gated = new Runner() {
      @Override
      public String name() {
        return "gated";
      }

      @Override
      public RunnerResult run(RunContext ctx) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
        }
        return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("opened", true));
      }
    };
    Map<String, Runner> runners = Map.of("noop", new NoopRunner(), "gated", gated,
        "orquesta", new OrquestaRunner(() -> self[0], Expressions.standard()),
        "action-chain", new ActionChainRunner(() -> self[0], new dev.squall.core.template.TemplateEngine()));
    ParameterResolver passThrough = (action, given, event, ctx) ->
        ParameterResolver.Resolved.plain(new LinkedHashMap<>(given));
    self[0] = new ExecutionService(new ExecutionRepository(db), this::lookup, passThrough, runners, bus,
        Clock.systemUTC(), 4, CLUSTER);
    return self[0];
  }

  private ActionDef lookup(String ref) {
    return switch (ref) {
      case "wf.two" -> new ActionDef("wf", "two", "", "orquesta", "workflows/two.yaml", true, Map.of(),
          Map.of(), packDir, null);
      case "wf.chain" -> new ActionDef("wf", "chain", "", "action-chain", "chains/two.yaml", true, Map.of(),
          Map.of(), packDir, null);
      case "test.gate" -> new ActionDef("test", "gate", "", "gated", "", true, Map.of(), Map.of(), null, null);
      case "core.noop" -> new ActionDef("core", "noop", "", "noop", "", true, Map.of(), Map.of(), null, null);
      default -> throw new NotFoundException("Action with ref \"" + ref + "\" not found");
    };
  }

  /** Starts the workflow on node A and waits until its first task runs there. */
  private String startOnA() {
    return startOnA("wf.two");
  }

  private String startOnA(String workflow) {
    String id = a.submit(workflow, Map.of(), Map.of("user", "stanley")).id();
    await().atMost(WAIT).until(() -> tasks(id).equals(List.of("first:running")));
    return id;
  }

  private List<String> tasks(String id) {
    List<String> out = new ArrayList<>();
    b.list(ExecutionQuery.all().withParentId(id).page(0, 0)).items().stream()
        .sorted(Comparator.comparing(Execution::startTimestamp))
        .forEach(c -> out.add(taskName(c) + ":" + c.status().wire()));
    return out;
  }

  /** An orquesta task's name, or a chain node's. */
  private static String taskName(Execution child) {
    return child.context().get("orquesta") instanceof Map<?, ?> o ? String.valueOf(o.get("task_name"))
        : String.valueOf(((Map<?, ?>) child.context().get("chain")).get("name"));
  }

  /** The workflow as node B reads it: from the store. */
  private ExecutionStatus statusOnB(String id) {
    return b.get(id).status();
  }

  @Test
  void aWorkflowHeldByOneNodePausesAndResumesThroughTheOther() {
    String id = startOnA();
    assertThat(b.pause(id).status()).isEqualTo(ExecutionStatus.PAUSING);
    await().atMost(WAIT).until(() -> a.get(id).status() == ExecutionStatus.PAUSING); // A took it over
    gate.countDown();
    await().atMost(WAIT).until(() -> statusOnB(id) == ExecutionStatus.PAUSED);
    assertThat(tasks(id)).containsExactly("first:succeeded"); // the next task waits

    assertThat(b.resume(id).status()).isEqualTo(ExecutionStatus.RESUMING);
    Execution done = a.await(id, WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(tasks(id)).containsExactly("first:succeeded", "second:succeeded");
  }

  @Test
  void aWorkflowHeldByOneNodeIsCanceledThroughTheOther() {
    String id = startOnA();
    assertThat(b.cancel(id).status()).isEqualTo(ExecutionStatus.CANCELING);
    await().atMost(WAIT).until(() -> a.get(id).status() == ExecutionStatus.CANCELING);
    gate.countDown(); // the running action finishes, as in st2; nothing new starts
    Execution done = a.await(id, WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(statusOnB(id)).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(tasks(id)).containsExactly("first:succeeded");
  }

  @Test
  void aChainHeldByOneNodePausesAndResumesThroughTheOther() {
    String id = startOnA("wf.chain");
    assertThat(b.pause(id).status()).isEqualTo(ExecutionStatus.PAUSING);
    await().atMost(WAIT).until(() -> a.get(id).status() == ExecutionStatus.PAUSING); // A took it over
    gate.countDown();
    await().atMost(WAIT).until(() -> statusOnB(id) == ExecutionStatus.PAUSED);
    assertThat(tasks(id)).containsExactly("first:succeeded"); // the next node waits

    assertThat(b.resume(id).status()).isEqualTo(ExecutionStatus.RESUMING);
    Execution done = a.await(id, WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(tasks(id)).containsExactly("first:succeeded", "second:succeeded");
  }
}
