package dev.squall.engine.rules;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.rule.Rule;
import dev.squall.core.rule.RuleYaml;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.ParameterRenderer;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.ActionLookup;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.NoopRunner;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A store, a bus and a started execution service with test actions, for the rules, notify and
 * timer tests. Runners: {@code noop}; {@code echo} (succeeds with its parameters as result);
 * {@code fail} (fails with {@code {error: "boom"}}); {@code block} (runs until canceled).
 */
public final class Engine implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(20);

  public final Database db;
  public final ExecutionRepository repository;
  public final EventBus bus = new EventBus();
  public final Map<String, ActionDef> actions = new ConcurrentHashMap<>();
  public ExecutionService executions;
  /** What {@code st2kv} answers in the rule parameter templates the resolver renders. */
  public volatile KeyValueLookup keyValues = KeyValueLookup.none();

  public Engine(StoreConfig store) {
    db = Database.open(store);
    repository = new ExecutionRepository(db);
    action("core.noop", "noop", Map.of());
    action("test.echo", "echo", Map.of());
    action("test.fail", "fail", Map.of());
    action("test.block", "block", Map.of());
    executions = newExecutionService();
    executions.start();
  }

  public ExecutionService newExecutionService() {
    ActionLookup lookup = ref -> {
      ActionDef a = actions.get(ref);
      if (a == null) {
        throw new NotFoundException("Action with ref \"" + ref + "\" not found");
      }
      return a;
    };
    // Rule templates are rendered by the real renderer; the test actions have no schema.
    TemplateEngine templates = new TemplateEngine();
    ParameterResolver resolver = (action, given, event, ctx) -> event == null
        ? ParameterResolver.Resolved.plain(given)
        : ParameterResolver.Resolved.plain(new ParameterRenderer(templates, keyValues)
            .renderTemplates(given, event.variables(), Set.of()).values());
    return new ExecutionService(repository, lookup, resolver,
        Map.of("noop", new NoopRunner(),
            "echo", runner("echo", c -> new RunnerResult(ExecutionStatus.SUCCEEDED,
                c.parameters())),
            "fail", runner("fail", c -> new RunnerResult(ExecutionStatus.FAILED,
                Map.of("error", "boom"))),
            "block", runner("block", c -> {
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                // canceled
              }
              return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
            })),
        bus, Clock.systemUTC(), 4);
  }

  /** Registers an action with a runner and a notify spec. */
  public ActionDef action(String ref, String runner, Map<String, Object> notify) {
    String[] parts = ref.split("\\.", 2);
    ActionDef a = new ActionDef(parts[0], parts[1], "", runner, "", true, Map.of(), notify, null,
        null);
    actions.put(ref, a);
    return a;
  }

  public Execution await(String id) {
    return executions.await(id, WAIT);
  }

  /** A rule of pack {@code test} from YAML. */
  public static Rule rule(String yaml) {
    RuleYaml.Result r = RuleYaml.parse("test", Path.of("rule.yaml"), yaml);
    if (r instanceof RuleYaml.Loaded l) {
      return l.rule();
    }
    throw new IllegalArgumentException("bad test rule: " + r.problems());
  }

  @Override
  public void close() {
    executions.close(Duration.ofSeconds(2));
    bus.close();
    db.close();
  }

  private static Runner runner(String name, Function<RunContext, RunnerResult> body) {
    return new Runner() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RunnerResult run(RunContext context) {
        return body.apply(context);
      }
    };
  }
}
