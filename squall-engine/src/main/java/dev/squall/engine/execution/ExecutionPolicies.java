package dev.squall.engine.execution;

import dev.squall.engine.execution.model.Execution;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the execution service asks of the execution policies (StackStorm's concurrency and
 * retry policies): whether an execution may start now, that it gave its slots back, and whether
 * one that ended is to be run again.
 */
public interface ExecutionPolicies {

  /** Whether an execution may start: now, later (it waits {@code delayed}), or never. */
  sealed interface Admission {
    record Run() implements Admission {}

    record Delay() implements Admission {}

    record Cancel(String reason) implements Admission {}
  }

  /** A run again, after {@code delay}; {@code policies} is the new execution's context entry. */
  record Retry(Duration delay, Map<String, Object> policies) {}

  /** Asked before each start of a queued or delayed execution. */
  Admission admit(Execution e);

  /** The execution no longer needs its slots: its runner returned, or it will never run. */
  void release(String executionId);

  /** Asked once for each execution that ended. */
  Optional<Retry> retry(Execution ended);

  /** No policies: everything runs at once, nothing is retried. */
  ExecutionPolicies NONE = new ExecutionPolicies() {
    @Override
    public Admission admit(Execution e) {
      return new Admission.Run();
    }

    @Override
    public void release(String executionId) {}

    @Override
    public Optional<Retry> retry(Execution ended) {
      return Optional.empty();
    }
  };
}
