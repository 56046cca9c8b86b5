package dev.squall.engine.runner;

import dev.squall.engine.execution.model.ExecutionStatus;
import java.util.Map;

/** StackStorm's {@code noop} runner: succeeds at once with an empty result. */
public final class NoopRunner implements Runner {

  @Override
  public String name() {
    return "noop";
  }

  @Override
  public RunnerResult run(RunContext context) {
    return new RunnerResult(ExecutionStatus.SUCCEEDED, Map.of());
  }
}
