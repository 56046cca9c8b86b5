package dev.squall.core.orquesta;

import dev.squall.core.template.KeyValueLookup;
import java.time.Instant;
import java.util.List;

/**
 * What StackStorm's workflow functions read outside the workflow's own state, on a live server:
 * the datastore ({@code st2kv()}) and the action executions of the workflow's tasks
 * ({@code task()}). Offline (inspection, {@code squall workflow rehearse}) there is none, and
 * those functions fail with an error naming them.
 */
public interface WorkflowRuntime {

  /** The datastore as {@code user} reads it: system keys, and that user's own user keys. */
  KeyValueLookup datastore(String user);

  /**
   * The action executions that workflow execution {@code workflowExecutionId} ran for task
   * {@code taskId} on route {@code route}, oldest first (several for with-items, or retries).
   */
  List<TaskAction> actions(String workflowExecutionId, String taskId, int route);

  /**
   * One action execution of a task.
   *
   * @param itemId the with-items item it ran for, or null for a task without items
   * @param status its status as orquesta names it ({@code succeeded}, {@code failed}...)
   * @param end null while it runs
   */
  record TaskAction(String executionId, Integer itemId, String status, Object result, Instant start, Instant end) {}
}
