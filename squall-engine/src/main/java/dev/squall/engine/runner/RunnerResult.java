package dev.squall.engine.runner;

import dev.squall.engine.execution.model.ExecutionStatus;
import java.util.Map;

/**
 * How a run ended: a terminal status and StackStorm's result object for that runner (for shell
 * runners {@code stdout, stderr, return_code, succeeded, failed}); or {@code pending}, the
 * {@code inquirer} runner's answer: the execution waits for a response, which ends it later.
 */
public record RunnerResult(ExecutionStatus status, Map<String, Object> result) {

  public RunnerResult {
    if (!status.isTerminal() && status != ExecutionStatus.PENDING) {
      throw new IllegalArgumentException("a runner must end in a terminal status or pending, not " + status);
    }
    result = result == null ? Map.of() : result;
  }
}
