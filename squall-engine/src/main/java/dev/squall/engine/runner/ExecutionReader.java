package dev.squall.engine.runner;

import dev.squall.engine.execution.model.Execution;

/**
 * Reads another execution by id, for the runners whose work is about one (posting an execution's
 * result to chat). Given to the runner in its {@link RunContext} by the execution service, so a
 * runner never needs the service itself (which is built with the runners).
 */
@FunctionalInterface
public interface ExecutionReader {

  /** Where there is nothing to read: runs outside an execution service (tests, tools). */
  ExecutionReader NONE = id -> {
    throw new IllegalStateException("no executions can be read here (execution " + id + ")");
  };

  /** @throws dev.squall.core.error.NotFoundException no execution has that id */
  Execution read(String executionId);
}
