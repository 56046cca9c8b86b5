package dev.squall.engine.execution.model;

import java.time.Instant;

/**
 * Filters for listing executions, newest first. A null filter matches everything.
 *
 * @param user the {@code user} of the execution's context
 * @param since executions requested at or after this instant
 * @param until executions requested before this instant
 * @param parentId executions whose context names this parent execution
 * @param topLevel only executions without a parent (StackStorm's {@code parent=null})
 * @param limit page size; 0 or less means all
 */
public record ExecutionQuery(
    String actionRef,
    ExecutionStatus status,
    String user,
    Instant since,
    Instant until,
    String parentId,
    boolean topLevel,
    int offset,
    int limit) {

  public ExecutionQuery {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, not " + offset);
    }
  }

  /** Every execution, first page of 100 (StackStorm's default page size). */
  public static ExecutionQuery all() {
    return new ExecutionQuery(null, null, null, null, null, null, false, 0, 100);
  }

  public ExecutionQuery withActionRef(String ref) {
    return new ExecutionQuery(ref, status, user, since, until, parentId, topLevel, offset, limit);
  }

  public ExecutionQuery withStatus(ExecutionStatus s) {
    return new ExecutionQuery(actionRef, s, user, since, until, parentId, topLevel, offset, limit);
  }

  public ExecutionQuery withUser(String u) {
    return new ExecutionQuery(actionRef, status, u, since, until, parentId, topLevel, offset, limit);
  }

  public ExecutionQuery between(Instant from, Instant to) {
    return new ExecutionQuery(actionRef, status, user, from, to, parentId, topLevel, offset, limit);
  }

  public ExecutionQuery withParentId(String parent) {
    return new ExecutionQuery(actionRef, status, user, since, until, parent, topLevel, offset, limit);
  }

  /** Only executions that have no parent: what {@code st2 execution list} shows by default. */
  public ExecutionQuery withoutParent() {
    return new ExecutionQuery(actionRef, status, user, since, until, null, true, offset, limit);
  }

  public ExecutionQuery page(int newOffset, int newLimit) {
    return new ExecutionQuery(actionRef, status, user, since, until, parentId, topLevel, newOffset, newLimit);
  }
}
