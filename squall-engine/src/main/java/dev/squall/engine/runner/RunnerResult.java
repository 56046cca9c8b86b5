package dev.squall.engine.runner;

import dev.squall.engine.execution.model.ExecutionStatus;
import java.util.Map;

/**
 * How a run ended: a terminal status and StackStorm's result for that runner (for shell runners
 * the object {@code stdout, stderr, return_code, succeeded, failed}); or {@code pending}, the
 * {@code inquirer} runner's answer: the execution waits for a response, which ends it later.
 *
 * @param value the result: an object for every built-in runner, but any JSON value a runner
 *     returns (a workflow task's {@code result()} is this value as it is); never null
 */
public record RunnerResult(ExecutionStatus status, Object value) {

  public RunnerResult {
    if (!status.isTerminal() && status != ExecutionStatus.PENDING) {
      throw new IllegalArgumentException("a runner must end in a terminal status or pending, not " + status);
    }
    value = value == null ? Map.of() : value;
  }

  /** The result as an object: the value when it is one, else empty. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> result() {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
