package dev.squall.engine.execution.model;

import static dev.squall.engine.execution.model.ExecutionStatus.ABANDONED;
import static dev.squall.engine.execution.model.ExecutionStatus.CANCELED;
import static dev.squall.engine.execution.model.ExecutionStatus.CANCELING;
import static dev.squall.engine.execution.model.ExecutionStatus.DELAYED;
import static dev.squall.engine.execution.model.ExecutionStatus.FAILED;
import static dev.squall.engine.execution.model.ExecutionStatus.PAUSED;
import static dev.squall.engine.execution.model.ExecutionStatus.PAUSING;
import static dev.squall.engine.execution.model.ExecutionStatus.PENDING;
import static dev.squall.engine.execution.model.ExecutionStatus.REQUESTED;
import static dev.squall.engine.execution.model.ExecutionStatus.RESUMING;
import static dev.squall.engine.execution.model.ExecutionStatus.RUNNING;
import static dev.squall.engine.execution.model.ExecutionStatus.SCHEDULED;
import static dev.squall.engine.execution.model.ExecutionStatus.SUCCEEDED;
import static dev.squall.engine.execution.model.ExecutionStatus.TIMEOUT;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The status changes an execution may make, as one table: the execution service refuses any
 * other ({@link #check}). A terminal status has no way out, so a late runner can never overwrite
 * a cancel or an abandon; {@code abandoned} (Squall lost the execution: a crash, a shutdown) is
 * reachable from every status that is not terminal.
 */
public final class Transitions {

  private static final Map<ExecutionStatus, Set<ExecutionStatus>> ALLOWED = table();

  private Transitions() {}

  private static Map<ExecutionStatus, Set<ExecutionStatus>> table() {
    Map<ExecutionStatus, Set<ExecutionStatus>> t = new EnumMap<>(ExecutionStatus.class);
    for (ExecutionStatus s : ExecutionStatus.values()) {
      t.put(s, EnumSet.noneOf(ExecutionStatus.class));
    }
    // Delayed: waiting for a concurrency policy's slot, then scheduled as a requested one is.
    t.get(REQUESTED).addAll(EnumSet.of(SCHEDULED, DELAYED, CANCELED));
    t.get(SCHEDULED).addAll(EnumSet.of(RUNNING, CANCELED));
    t.get(DELAYED).addAll(EnumSet.of(SCHEDULED, CANCELED));
    // Pending: an inquiry waiting for its response (from running), or an execution waiting for
    // its approvals (created pending): answered, expired, approved (requested) or denied.
    t.get(PENDING).addAll(EnumSet.of(CANCELED, SUCCEEDED, FAILED, TIMEOUT, REQUESTED));
    t.get(RUNNING).add(PENDING);
    // Whatever terminal status a runner reports, or a cancel on its way.
    t.get(RUNNING).addAll(EnumSet.of(SUCCEEDED, FAILED, TIMEOUT, CANCELED, CANCELING));
    // A workflow's pause (st2's PUT status): pausing until its running tasks end, then paused;
    // resuming until its runner takes it up again. Its runner may end it on the way.
    t.get(RUNNING).add(PAUSING);
    t.get(PAUSING).addAll(EnumSet.of(PAUSED, SUCCEEDED, FAILED, TIMEOUT, CANCELING));
    t.get(PAUSED).addAll(EnumSet.of(CANCELING, RESUMING));
    t.get(RESUMING).addAll(EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMEOUT, CANCELING));
    // The runner returned after a cancel: canceled, or failed when its result cannot be stored.
    t.get(CANCELING).addAll(EnumSet.of(CANCELED, FAILED));
    t.forEach((from, to) -> {
      if (!from.isTerminal()) {
        to.add(ABANDONED);
      }
    });
    t.replaceAll((from, to) -> Collections.unmodifiableSet(to));
    return Collections.unmodifiableMap(t);
  }

  /** Whether an execution in {@code from} may move to {@code to}. */
  public static boolean allowed(ExecutionStatus from, ExecutionStatus to) {
    return ALLOWED.get(from).contains(to);
  }

  /**
   * Refuses a path (one or more statuses moved through in one store write) that the table does
   * not allow step by step from {@code from}.
   *
   * @throws IllegalStateException a step is not allowed: a bug of the caller, not a user error
   */
  public static void check(ExecutionStatus from, ExecutionStatus... path) {
    if (path.length == 0) {
      throw new IllegalArgumentException("a transition needs at least one status");
    }
    ExecutionStatus at = from;
    for (ExecutionStatus next : path) {
      if (!allowed(at, next)) {
        throw new IllegalStateException("an execution cannot go from " + at.wire() + " to "
            + next.wire());
      }
      at = next;
    }
  }

  /**
   * Where a cancel takes an execution: one still waiting is {@code canceled} at once, a running
   * or paused one is {@code canceling} until its runner returns; nothing for a terminal or
   * already canceling one.
   */
  public static Optional<ExecutionStatus> onCancel(ExecutionStatus from) {
    if (allowed(from, CANCELING)) {
      return Optional.of(CANCELING);
    }
    // Canceling may end canceled, but only when its runner returns: a second cancel waits too.
    return from != CANCELING && allowed(from, CANCELED) ? Optional.of(CANCELED)
        : Optional.empty();
  }

  /** The statuses a queued execution goes through, in one write, to start running. */
  public static ExecutionStatus[] toRunning(ExecutionStatus from) {
    return from == SCHEDULED ? new ExecutionStatus[] {RUNNING}
        : new ExecutionStatus[] {SCHEDULED, RUNNING};
  }
}
