package dev.squall.engine.workflow;

import dev.squall.core.orquesta.WorkflowRuntime;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.engine.datastore.Datastore;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What StackStorm's workflow functions read on a live server: {@code st2kv()} the datastore as
 * the workflow's user reads it (a secret encrypted unless decrypted, only the user's own user
 * keys), {@code task()} the child executions the {@link OrquestaRunner} ran for a task, as
 * StackStorm reads its task executions.
 */
public final class OrquestaRuntime implements WorkflowRuntime {

  private final Datastore datastore;
  private final Supplier<ExecutionService> executions;

  /** {@code executions} is asked late: the service is built with its runners. */
  public OrquestaRuntime(Datastore datastore, Supplier<ExecutionService> executions) {
    this.datastore = datastore;
    this.executions = executions;
  }

  @Override
  public KeyValueLookup datastore(String user) {
    return datastore.lookup(user);
  }

  @Override
  public List<TaskAction> actions(String workflowExecutionId, String taskId, int route) {
    // A re-run from tasks goes on from the run it re-ran: the tasks of both are the workflow's.
    List<Execution> children = new java.util.ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String id = workflowExecutionId; id != null && seen.add(id); ) {
      children.addAll(executions.get().list(ExecutionQuery.all().withParentId(id).page(0, 0)).items());
      OrquestaRunner.Rerun rerun;
      try {
        rerun = OrquestaRunner.Rerun.of(executions.get().get(id).context());
      } catch (dev.squall.core.error.NotFoundException purged) {
        rerun = null;
      }
      id = rerun == null ? null : rerun.ref();
    }
    return children.stream()
        .filter(e -> e.context().get("orquesta") instanceof Map<?, ?> o
            && taskId.equals(o.get("task_id"))
            && o.get("task_route") instanceof Number r && r.intValue() == route)
        .sorted(Comparator.comparing(Execution::startTimestamp))
        .map(e -> new TaskAction(e.id(), itemId(e), OrquestaRunner.status(e.status()),
            e.status().isTerminal() ? e.resultValue() : null, e.startTimestamp(), e.endTimestamp()))
        .toList();
  }

  private static Integer itemId(Execution e) {
    return e.context().get("orquesta") instanceof Map<?, ?> o && o.get("item_id") instanceof Number n
        ? n.intValue() : null;
  }
}
