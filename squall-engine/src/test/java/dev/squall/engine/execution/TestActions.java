package dev.squall.engine.execution;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.LocalShellCommandRunner;
import dev.squall.engine.runner.NoopRunner;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.runner.RunnerSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Actions, runners and a resolver for service tests (no real runner package needed). */
final class TestActions {

  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();
  /** How often {@code test.count} ran, by execution id. */
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  /** The passwords {@code test.tell} was given. */
  final java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

  static ActionDef action(String ref, String runner) {
    String[] parts = ref.split("\\.", 2);
    return new ActionDef(parts[0], parts[1], "", runner, "", true, Map.of(), Map.of(), null, null);
  }

  ActionLookup lookup() {
    Map<String, ActionDef> actions = Map.of(
        "core.noop", action("core.noop", "noop"),
        "test.fail", action("test.fail", "fail"),
        "test.block", action("test.block", "block"),
        "test.echo", action("test.echo", "echo"),
        "test.gate", action("test.gate", "gate"),
        "test.stubborn", action("test.stubborn", "stubborn"),
        "test.odd", action("test.odd", "odd"),
        "test.count", action("test.count", "count"),
        "core.local", action("core.local", "local-shell-cmd"),
        "test.tell", action("test.tell", "tell"));
    return ref -> {
      ActionDef a = actions.get(ref);
      if (a == null) {
        throw new NotFoundException("Action with ref \"" + ref + "\" not found ");
      }
      return a;
    };
  }

  /** Rejects a parameter named {@code bad}; adds the default {@code greeting}. */
  static ParameterResolver resolver() {
    return (action, given, event, context) -> {
      if (given.containsKey("bad")) {
        throw new BadRequestException("'bad' is not a parameter of " + action.ref());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("greeting", "hello");
      out.putAll(given);
      return ParameterResolver.Resolved.plain(out);
    };
  }

  Map<String, Runner> runners() {
    return Map.of(
        "noop", new NoopRunner(),
        "local-shell-cmd", new LocalShellCommandRunner(RunnerSettings.defaults()),
        "fail", runner("fail", ctx -> {
          throw new IllegalStateException("boom: the host is unreachable");
        }),
        "block", runner("block", ctx -> {
          try {
            new CountDownLatch(1).await(); // forever, until canceled
            throw new AssertionError("unreachable");
          } catch (InterruptedException e) {
            return new RunnerResult(ExecutionStatus.CANCELED, Map.of("stopped", true));
          }
        }),
        "echo", runner("echo", ctx -> {
          int n = ((Number) ctx.parameters().getOrDefault("lines", 3)).intValue();
          for (int i = 0; i < n; i++) {
            ctx.output().line(i % 2 == 0 ? "stdout" : "stderr", "line " + i);
          }
          return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("lines", n));
        }),
        // Claims success even when interrupted by a cancel.
        "stubborn", runner("stubborn", ctx -> {
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            // ignored on purpose
          }
          return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("claimed", "success"));
        }),
        // Returns a result that is not JSON.
        "odd", runner("odd", ctx -> new RunnerResult(ExecutionStatus.SUCCEEDED,
            Map.of("thing", new Object()))),
        // Prints its "password" and returns it: what a careless command does with a secret.
        "tell", runner("tell", ctx -> {
          told.add(String.valueOf(ctx.parameters().get("password")));
          String said = "password is " + ctx.parameters().get("password") + ", kv is kv-text-1234";
          ctx.output().line("stdout", said);
          return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of("said", said));
        }),
        "count", runner("count", ctx -> {
          runs.computeIfAbsent(ctx.executionId(), id -> new AtomicInteger()).incrementAndGet();
          return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of());
        }),
        "gate", runner("gate", ctx -> {
          int now = concurrent.incrementAndGet();
          maxConcurrent.accumulateAndGet(now, Math::max);
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            concurrent.decrementAndGet();
          }
          return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of());
        }));
  }

  int runs(String executionId) {
    AtomicInteger n = runs.get(executionId);
    return n == null ? 0 : n.get();
  }

  interface Body {
    RunnerResult run(RunContext ctx);
  }

  static Runner runner(String name, Body body) {
    return new Runner() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RunnerResult run(RunContext context) {
        return body.run(context);
      }
    };
  }
}
