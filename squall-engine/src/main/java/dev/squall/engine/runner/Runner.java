package dev.squall.engine.runner;

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
}
