package dev.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Action chains run live, node by node, as child executions; paused, resumed, canceled, restarted. */
class ActionChainRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packDir;
  private Database db;
  private EventBus bus;
  private ExecutionService service;

  /** Opened by {@code test.gate} runs (set before they start). */
  private final CountDownLatch gate = new CountDownLatch(1);

  @BeforeEach
  void open() {
    db = Database.open(StoreConfig.h2File(home));
    bus = new EventBus();
    node();
  }

  /** This test's node on the store: its execution service with the runners, started. */
  private void node() {
    ExecutionService[] holder = new ExecutionService[1];
    Map<String, Runner> runners = Map.of("echo", new Echo(), "gate", new Gate(),
        "action-chain", new ActionChainRunner(() -> holder[0], new TemplateEngine()));
    ParameterResolver passThrough = (action, given, event, ctx) ->
        ParameterResolver.Resolved.plain(new LinkedHashMap<>(given));
    service = new ExecutionService(new ExecutionRepository(db), this::lookup, passThrough, runners,
        bus, Clock.systemUTC(), 2);
    holder[0] = service;
    service.start();
  }

  /** The node stops and another starts on the same store (a restart). */
  private void restart() {
    service.close(Duration.ofSeconds(5));
    node();
  }

  @AfterEach
  void close() {
    service.close(Duration.ofSeconds(5));
    bus.close();
    db.close();
  }

  /** {@code test.echo}: succeeds with {@code {stdout: message}}, fails when told to. */
  private static final class Echo implements Runner {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public RunnerResult run(RunContext ctx) {
      Object message = ctx.parameters().get("message");
      boolean fail = Boolean.TRUE.equals(ctx.parameters().get("fail"));
      return new RunnerResult(fail ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED,
          Map.of("stdout", String.valueOf(message)));
    }
  }

  /** {@code test.gate}: succeeds with {@code {stdout: message}} once the test opens the gate. */
  private final class Gate implements Runner {
    @Override
    public String name() {
      return "gate";
    }

    @Override
    public RunnerResult run(RunContext ctx) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
      }
      return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("stdout", String.valueOf(ctx.parameters().get("message"))));
    }
  }

  private ActionDef lookup(String ref) {
    return switch (ref) {
      case "test.echo" -> new ActionDef("test", "echo", "", "echo", "", true, Map.of(), Map.of(), null, null);
      case "test.gate" -> new ActionDef("test", "gate", "", "gate", "", true, Map.of(), Map.of(), null, null);
      case "test.outer" -> new ActionDef("test", "outer", "", "action-chain", "chains/outer.yaml", true,
          Map.of(), Map.of(), packDir, null);
      case "test.chain" -> new ActionDef("test", "chain", "", "action-chain", "chains/chain.yaml", true,
          Map.of(), Map.of(), packDir, null);
      default -> throw new NotFoundException("Action with ref \"" + ref + "\" not found");
    };
  }

  private Execution run(String chain, Map<String, Object> params) throws Exception {
    return service.await(start(chain, params), WAIT);
  }

  private String start(String chain, Map<String, Object> params) throws Exception {
    Files.createDirectories(packDir.resolve("actions/chains"));
    Files.writeString(packDir.resolve("actions/chains/chain.yaml"), chain);
    return service.submit("test.chain", params, Map.of("user", "pat")).id();
  }

  private List<Execution> children(String id) {
    return service.list(ExecutionQuery.all().withParentId(id).page(0, 0)).items();
  }

  private Execution status(String id, ExecutionStatus status) {
    return await().atMost(WAIT).until(() -> service.get(id), e -> e.status() == status);
  }

  /** c1 waits for the gate and publishes what it said; c2 says it again. */
  private static final String GATED = """
      chain:
        - name: c1
          ref: test.gate
          parameters:
            message: "{{ who }}"
          publish:
            said: "{{ c1.stdout }}"
          on-success: c2
        - name: c2
          ref: test.echo
          parameters:
            message: "{{ said }} again"
      """;

  /** Starts the gated chain and waits until c1 runs. */
  private String startGated() throws Exception {
    String id = start(GATED, Map.of("who", "web01"));
    await().atMost(WAIT).until(() -> children(id).stream().anyMatch(c -> c.status() == ExecutionStatus.RUNNING));
    return id;
  }

  @Test
  void aPausedChainEndsItsRunningNodeStartsNoOtherAndResumesWithTheNext() throws Exception {
    String id = startGated();

    assertThat(service.pause(id).status()).isEqualTo(ExecutionStatus.PAUSING);
    gate.countDown();
    status(id, ExecutionStatus.PAUSED);
    assertThat(children(id)).extracting(Execution::status).containsExactly(ExecutionStatus.SUCCEEDED);
    assertThat(service.pause(id).status()).isEqualTo(ExecutionStatus.PAUSED);

    assertThat(service.resume(id).status()).isIn(ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
    Execution done = service.await(id, WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(names(done)).containsExactly("c1", "c2");
    assertThat(children(id)).extracting(c -> c.result().get("stdout"))
        .containsExactlyInAnyOrder("web01", "web01 again");
    assertThat(done.log()).extracting(Execution.StatusChange::status).containsSubsequence(
        ExecutionStatus.RUNNING, ExecutionStatus.PAUSING, ExecutionStatus.PAUSED, ExecutionStatus.RESUMING,
        ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
  }

  @Test
  void aPausedChainKeepsItsVarsAcrossARestartAndGoesOnWhenResumed() throws Exception {
    String id = startGated();
    service.pause(id);
    gate.countDown();
    status(id, ExecutionStatus.PAUSED);

    restart();

    assertThat(status(id, ExecutionStatus.PAUSED).status()).isEqualTo(ExecutionStatus.PAUSED);
    assertThat(children(id)).hasSize(1);
    service.resume(id);
    Execution done = service.await(id, WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(names(done)).containsExactly("c1", "c2");
    assertThat(done.result().get("published")).isEqualTo(Map.of("said", "web01"));
    assertThat(children(id)).extracting(c -> c.result().get("stdout")).contains("web01 again");
  }

  @Test
  void aPausedChainCanBeCanceledAndRunsNothingMore() throws Exception {
    String id = startGated();
    service.pause(id);
    gate.countDown();
    status(id, ExecutionStatus.PAUSED);

    service.cancel(id);

    Execution done = service.await(id, WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(names(done)).containsExactly("c1");
    assertThat(children(id)).hasSize(1);
  }

  @Test
  void aPausePassesDownToTheRunningChildChainAndTheResumeToo() throws Exception {
    Files.createDirectories(packDir.resolve("actions/chains"));
    Files.writeString(packDir.resolve("actions/chains/chain.yaml"), GATED);
    Files.writeString(packDir.resolve("actions/chains/outer.yaml"), """
        chain:
          - name: inner
            ref: test.chain
            parameters:
              who: db01
            on-success: last
          - name: last
            ref: test.echo
            parameters:
              message: "inner said {{ inner.published.said }}"
        """);
    String outer = service.submit("test.outer", Map.of(), Map.of("user", "pat")).id();
    String inner = await().atMost(WAIT).until(() -> children(outer), l -> l.size() == 1).getFirst().id();
    await().atMost(WAIT).until(() -> children(inner).stream().anyMatch(c -> c.status() == ExecutionStatus.RUNNING));

    service.pause(outer);
    status(inner, ExecutionStatus.PAUSING);
    gate.countDown();
    status(inner, ExecutionStatus.PAUSED);
    status(outer, ExecutionStatus.PAUSED);
    assertThat(children(inner)).hasSize(1);

    service.resume(outer);

    Execution done = service.await(outer, WAIT);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(names(done)).containsExactly("inner", "last");
    assertThat(names(service.get(inner))).containsExactly("c1", "c2");
    assertThat(children(outer)).extracting(c -> c.result().get("stdout")).contains("inner said db01");
  }

  @Test
  void aNodeCanceledWhileItsChainPausesEndsTheChainCanceled() throws Exception {
    String id = startGated();
    service.pause(id);
    Execution c1 = children(id).getFirst();

    service.cancel(c1.id());

    Execution done = service.await(id, WAIT);
    assertThat(done.status()).as(done.result() + " " + done.log()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(names(done)).containsExactly("c1");
    assertThat(children(id)).hasSize(1);
  }

  @Test
  void onlyARunningChainCanBePaused() throws Exception {
    Execution done = run(GATED.replace("test.gate", "test.echo"), Map.of("who", "x"));
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThatThrownBy(() -> service.pause(done.id())).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("not in a running state");
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Execution chain) {
    return ((List<Map<String, Object>>) chain.result().get("tasks")).stream()
        .map(t -> (String) t.get("name")).toList();
  }

  @Test
  void runsNodesInTurnPassingResultsAndPublishedVars() throws Exception {
    Execution done = run("""
        vars:
          greeting: hello
        chain:
          - name: c1
            ref: test.echo
            parameters:
              message: "{{ greeting }} {{ who }}"
            publish:
              said: "{{ c1.stdout }}"
            on-success: c2
          - name: c2
            ref: test.echo
            parameters:
              message: "{{ said }}!"
        """, Map.of("who", "world"));
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(names(done)).containsExactly("c1", "c2");
    assertThat(done.result().get("published")).isEqualTo(Map.of("said", "hello world"));
    List<Execution> children = service.list(ExecutionQuery.all().withParentId(done.id()).page(0, 0)).items();
    assertThat(children).extracting(e -> e.result().get("stdout"))
        .containsExactlyInAnyOrder("hello world", "hello world!");
    assertThat(children).allSatisfy(c -> assertThat(c.context().get("user")).isEqualTo("pat"));
  }

  @Test
  void aFailedNodeFollowsOnFailureAndTheChainEndsWithTheLastNodesStatus() throws Exception {
    String chain = """
        chain:
          - name: c1
            ref: test.echo
            parameters: {message: one, fail: true}
            on-success: c2
            on-failure: c4
          - name: c2
            ref: test.echo
            parameters: {message: two}
          - name: c4
            ref: test.echo
            parameters: {message: cleanup}
        """;
    Execution handled = run(chain, Map.of());
    assertThat(handled.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(names(handled)).containsExactly("c1", "c4");
    Execution unhandled = run(chain.replace("    on-failure: c4\n", ""), Map.of());
    assertThat(unhandled.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(names(unhandled)).containsExactly("c1");
  }

  @Test
  void aParameterThatDoesNotRenderFailsTheChainBeforeAnyNodeRuns() throws Exception {
    Execution done = run("""
        chain:
          - name: c1
            ref: test.echo
            parameters:
              message: "echo {{ missing }}"
        """, Map.of());
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(names(done)).isEmpty();
    assertThat((String) done.result().get("error"))
        .startsWith("Failed to run task \"c1\". Parameter rendering failed.").contains("missing");
  }

  @Test
  void aReferenceToAnUnknownNodeIsReportedBeforeRunning() throws Exception {
    Execution done = run("""
        chain:
          - name: c1
            ref: test.echo
            on-success: c5
        """, Map.of());
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(done.result().get("error"))
        .isEqualTo("Unable to find node with name \"c5\" referenced in \"on-success\" in task \"c1\".");
  }
}
