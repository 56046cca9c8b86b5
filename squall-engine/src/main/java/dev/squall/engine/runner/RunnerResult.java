package dev.squall.engine.runner;

import dev.squall.engine.execution.model.ExecutionStatus;
import java.util.Map;

/**
 * How a run ended: a terminal status and StackStorm's result object for that runner (for shell
 * runners {@code stdout, stderr, return_code, succeeded, failed}).
 */
public record RunnerResult(ExecutionStatus status, Map<String, Object> result) {

  public RunnerResult {
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("a runner must end in a terminal status, not " + status);
    }
    result = result == null ? Map.of() : result;
  }
}
