package dev.squall.engine.execution;

import dev.squall.core.error.UnavailableException;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.Transitions;
import dev.squall.engine.store.ExecutionRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way an execution's status changes, for every path (start, finish, cancel, abandon,
 * recovery): the step is checked against {@link Transitions}, the row is updated only if it
 * still has the status the caller saw, and the change is published on the bus. A refused
 * update (the row moved on: canceled, abandoned, claimed by another node) writes and publishes
 * nothing.
 */
final class StatusChanges {

  private final ExecutionRepository repository;
  private final EventBus bus;
  private final Supplier<Instant> now;
  private final BooleanSupplier closing;

  StatusChanges(ExecutionRepository repository, EventBus bus, Supplier<Instant> now,
      BooleanSupplier closing) {
    this.repository = repository;
    this.bus = bus;
    this.now = now;
    this.closing = closing;
  }

  /**
   * Moves {@code cur} through {@code path} (the last status is where it ends) in one write;
   * {@code result} replaces the stored one unless null.
   *
   * @return the execution as now stored, or null when the row's status had moved on
   * @throws IllegalStateException the table does not allow the path
   * @throws IllegalArgumentException {@code result} cannot be stored as JSON
   */
  Execution move(Execution cur, Object result, ExecutionStatus... path) {
    return write(cur, result, null, false, path);
  }

  /**
   * As {@link #move}, only while node {@code holder} still holds the execution (null: whoever
   * does), and waiting out an outage of the store (a full disk) rather than leaving the execution
   * stuck where it was: tried again every second until the store is back (it reopens by itself)
   * or Squall stops.
   */
  Execution moveOnceStoreIsUp(Execution cur, String holder, Object result,
      ExecutionStatus... path) {
    return write(cur, result, holder, true, path);
  }

  private Execution write(Execution cur, Object result, String holder,
      boolean waitForStore, ExecutionStatus... path) {
    Transitions.check(cur.status(), path);
    Execution next = advance(cur, result, path);
    while (true) {
      try {
        if (!repository.transition(next, cur.status(), holder)) {
          return null;
        }
        bus.publish(new Event.ExecutionUpdated(next));
        return next;
      } catch (UnavailableException storeDown) {
        if (!waitForStore || closing.getAsBoolean()) {
          throw storeDown;
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  /** The execution moved through {@code path} now; a terminal status also ends it. */
  private Execution advance(Execution e, Object result, ExecutionStatus... path) {
    Instant at = now.get();
    List<StatusChange> log = new ArrayList<>(e.log());
    for (ExecutionStatus s : path) {
      log.add(new StatusChange(s, at));
    }
    ExecutionStatus last = path[path.length - 1];
    return new Execution(e.id(), e.actionRef(), e.runnerType(), e.parameters(), e.context(),
        last, e.startTimestamp(), last.isTerminal() ? at : null,
        result == null ? e.resultValue() : result, log, e.secretParameters(), e.secretTexts());
  }
}
