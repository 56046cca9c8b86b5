package dev.squall.engine.runner;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.engine.execution.model.Execution;
import java.util.List;

/**
 * Runs one action execution. Implementations are stateless and thread-safe: the engine calls
 * {@link #run} on a virtual thread per execution. A runner enforces its own {@code timeout}
 * runner parameter and, when the calling thread is interrupted (cancel), stops its work (killing
 * the whole process tree, if it started one) and returns {@code CANCELED}.
 */
public interface Runner {

  /** StackStorm's runner name, e.g. {@code local-shell-cmd}. */
  String name();

  RunnerResult run(RunContext context);

  /**
   * Whether a run holds one of the service's concurrency slots while it runs. A workflow runner
   * mostly waits on its children (which need slots themselves), so it does not.
   */
  default boolean occupiesSlot() {
    return true;
  }

  /**
   * Whether its runs can be paused and resumed (StackStorm's workflow runners): such a runner
   * follows its execution's {@code pausing} and {@code resuming} statuses and reports where it
   * got through {@code ExecutionService#settle}.
   */
  default boolean pausable() {
    return false;
  }

  /**
   * Checks, before the re-run is submitted, that {@code original} (a completed execution of
   * {@code action}) can go on from its tasks {@code tasks} ({@code reset}: the with-items tasks
   * whose every item runs again). Only a workflow runner that keeps its state can; the others
   * refuse, as StackStorm does.
   *
   * @throws BadRequestException why it cannot
   */
  default void checkTaskRerun(ActionDef action, Execution original, List<String> tasks,
      List<String> reset) {
    throw new BadRequestException(
        "Task option is only supported for Orquesta workflows.");
  }
}
