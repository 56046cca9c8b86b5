package dev.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Action chains run live, node by node, as child executions. */
class ActionChainRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path packDir;
  private Database db;
  private EventBus bus;
  private ExecutionService service;

  @BeforeEach
  void open() {
    db = Database.open(StoreConfig.h2File(home));
    bus = new EventBus();
    ExecutionService[] holder = new ExecutionService[1];
    Map<String, Runner> runners = Map.of("echo", new Echo(),
        "action-chain", new ActionChainRunner(() -> holder[0], new TemplateEngine()));
    ParameterResolver passThrough = (action, given, event, ctx) ->
        ParameterResolver.Resolved.plain(new LinkedHashMap<>(given));
    service = new ExecutionService(new ExecutionRepository(db), this::lookup, passThrough, runners,
        bus, Clock.systemUTC(), 2);
    holder[0] = service;
    service.start();
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

  private ActionDef lookup(String ref) {
    return switch (ref) {
      case "test.echo" -> new ActionDef("test", "echo", "", "echo", "", true, Map.of(), Map.of(), null, null);
      case "test.chain" -> new ActionDef("test", "chain", "", "action-chain", "chains/chain.yaml", true,
          Map.of(), Map.of(), packDir, null);
      default -> throw new NotFoundException("Action with ref \"" + ref + "\" not found");
    };
  }

  private Execution run(String chain, Map<String, Object> params) throws Exception {
    Files.createDirectories(packDir.resolve("actions/chains"));
    Files.writeString(packDir.resolve("actions/chains/chain.yaml"), chain);
    return service.await(service.submit("test.chain", params, Map.of("user", "pat")).id(), WAIT);
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
