package dev.squall.core.orquesta;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ConflictException;
import dev.squall.core.orquesta.Event.ActionEvent;
import dev.squall.core.orquesta.Event.EngineEvent;
import dev.squall.core.orquesta.Event.ItemEvent;
import dev.squall.core.orquesta.Event.TaskEvent;
import dev.squall.core.orquesta.Event.WorkflowEvent;
import dev.squall.core.orquesta.WorkflowSpec.Named;
import dev.squall.core.orquesta.WorkflowSpec.TaskSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The orquesta workflow conductor ({@code WorkflowConductor} in {@code orquesta/conducting.py},
 * with the status rules of {@code orquesta/machines.py}), as a pure state machine: no I/O and no
 * clock. The engine asks {@link #nextTasks()}, runs their actions however it likes, and reports
 * each action's status and result through {@link #updateTaskState}; {@link #serialize()} gives
 * the whole state to store, {@link #restore} takes it back.
 *
 * <p>Not thread-safe: one engine step at a time per workflow (st2 holds a lock per workflow).
 */
public final class Conductor {

  /** A task to dispatch: its actions (one per item for with-items), delay and item metadata. */
  public record NextTask(String id, int route, List<ActionSpec> actions, Integer delay,
      Integer itemsCount, Integer concurrency) {}

  /** One action execution to request. {@code itemId} is null unless the task has items. */
  public record ActionSpec(Object action, Object input, Integer itemId) {}

  /**
   * A task to run again in {@link #requestWorkflowRerun} ({@code TaskRerunRequest} in
   * {@code orquesta/requests.py}): with items, {@code resetItems} runs every item again, not only
   * those that did not succeed.
   */
  public record TaskRerunRequest(String taskId, int route, boolean resetItems) {
    String key() {
      return WorkflowState.key(taskId, route);
    }
  }

  private static final StateTables TABLES = StateTables.load();

  private final WorkflowSpec spec;
  private final Topology topology;
  private final WorkflowGraph graph;
  private final Expressions expressions;
  private final Map<String, Object> parentContext;
  private final Map<String, Object> inputs;
  private final List<Map<String, Object>> errors = new ArrayList<>();
  private Map<String, Object> outputs;
  private WorkflowState state;

  public Conductor(WorkflowSpec spec, Expressions expressions, Map<String, ?> parentContext,
      Map<String, ?> inputs) {
    this.spec = Objects.requireNonNull(spec);
    this.topology = new Topology(spec);
    this.graph = WorkflowGraph.compose(spec, topology);
    this.expressions = expressions;
    this.parentContext = parentContext == null ? new LinkedHashMap<>() : Values.copy(parentContext);
    this.inputs = inputs == null ? new LinkedHashMap<>() : Values.copy(inputs);
  }

  /** A conductor over a state {@link #serialize()} produced earlier for the same spec. */
  @SuppressWarnings("unchecked")
  public static Conductor restore(WorkflowSpec spec, Expressions expressions, Map<String, Object> data) {
    Conductor c = new Conductor(spec, expressions, (Map<String, Object>) data.get("context"),
        (Map<String, Object>) data.get("input"));
    c.state = WorkflowState.fromMap((Map<String, Object>) data.get("state"));
    ((List<Object>) data.getOrDefault("errors", List.of()))
        .forEach(e -> c.errors.add(Values.copy((Map<String, Object>) e)));
    Object out = data.get("output");
    c.outputs = out == null ? null : Values.copy((Map<String, Object>) out);
    return c;
  }

  /** Everything needed to {@link #restore} this conductor, as plain values. */
  public Map<String, Object> serialize() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", Values.plain(inputs));
    m.put("context", Values.plain(parentContext));
    m.put("state", state().toMap());
    m.put("errors", Values.plain(errors));
    m.put("output", Values.plain(outputs));
    return m;
  }

  public WorkflowSpec spec() {
    return spec;
  }

  public List<Map<String, Object>> errors() {
    return errors;
  }

  /** The rendered output, or null when there is none. */
  public Map<String, Object> output() {
    return outputs == null || outputs.isEmpty() ? null : Values.copy(outputs);
  }

  public String workflowStatus() {
    return state().status;
  }

  /** The task state entries in creation order (plain copies). */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> sequence() {
    return (List<Map<String, Object>>) Values.plain(state().sequence);
  }

  @SuppressWarnings("unchecked")
  public List<List<String>> routes() {
    return (List<List<String>>) Values.plain(state().routes);
  }

  /** The state, created on first use: input and vars rendered, start tasks staged. */
  WorkflowState state() {
    if (state == null) {
      state = new WorkflowState();
      Map<String, Object> init = Values.copy(parentContext);
      List<BadRequestException> problems = new ArrayList<>();
      Map<String, Object> rendered = render(spec.input(), init, problems, true);
      init = Values.merge(init, rendered, true);
      Map<String, Object> vars = render(spec.vars(), Values.copy(init), problems, false);
      init = Values.merge(init, vars, true);
      if (!problems.isEmpty()) {
        problems.forEach(p -> logError(p, null, null, null));
        requestWorkflowStatus(Statuses.FAILED);
      }
      if (!Statuses.ABENDED.contains(state.status)) {
        state.contexts.add(init);
        state.routes.add(new ArrayList<>());
        for (String root : graph.roots()) {
          state.addStaged(root, 0, List.of(0), null, true, null);
        }
      }
    }
    return state;
  }

  /**
   * Renders named values in order against a rolling context. For input, runtime values replace
   * defaults and the result is the whole rolling context; otherwise only the rendered values.
   */
  private Map<String, Object> render(List<Named> specs, Map<String, Object> ctx,
      List<BadRequestException> problems, boolean isInput) {
    Map<String, Object> rolling = Values.copy(ctx);
    Map<String, Object> rendered = new LinkedHashMap<>();
    for (Named n : specs) {
      Object raw = isInput && inputs.containsKey(n.name()) ? inputs.get(n.name()) : n.value();
      try {
        Object v = expressions.evaluate(raw, rolling);
        rolling.put(n.name(), v);
        rendered.put(n.name(), v);
      } catch (BadRequestException e) {
        problems.add(e);
      }
    }
    return isInput ? rolling : rendered;
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  void logEntry(String message, String taskId, Integer route, String transitionId, Object result) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("type", "error");
    entry.put("message", message);
    if (taskId != null) {
      entry.put("task_id", taskId);
    }
    if (route != null) {
      entry.put("route", (long) route);
    }
    if (transitionId != null) {
      entry.put("task_transition_id", transitionId);
    }
    if (result != null) {
      entry.put("result", Values.plain(result));
    }
    if (!errors.contains(entry)) {
      errors.add(entry);
    }
  }

  void logError(RuntimeException e, String taskId, Integer route, String transitionId) {
    logEntry(e.getMessage(), taskId, route, transitionId, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Workflow status

  /**
   * Requests a workflow status (running, pausing/paused, resuming, canceling/canceled, failed):
   * active tasks are told first, then the workflow settles ({@code pausing} while tasks run).
   *
   * @throws ConflictException when the workflow cannot go there from where it is
   */
  public void requestWorkflowStatus(String status) {
    WorkflowState s = state();
    String current = s.status;
    WorkflowEvent event = new WorkflowEvent(status);
    for (Map<String, Object> task : s.tasksByStatus(Statuses.ACTIVE)) {
      processTaskWorkflowEvent(task, event);
    }
    processWorkflowEvent(event);
    String updated = s.status;
    if (status.equals(Statuses.PAUSED) && current.equals(Statuses.PAUSING) && updated.equals(Statuses.PAUSING)) {
      return;
    }
    if (status.equals(Statuses.CANCELED) && current.equals(Statuses.CANCELING)
        && updated.equals(Statuses.CANCELING)) {
      return;
    }
    if (!status.equals(current) && current.equals(updated)) {
      throw new ConflictException("Unable to change the workflow status from \"" + current
          + "\" to \"" + status + "\".");
    }
  }

  private void processWorkflowEvent(WorkflowEvent event) {
    WorkflowState s = state;
    String name = event.name();
    if (Statuses.PAUSE.contains(event.status()) || Statuses.CANCEL.contains(event.status())) {
      name += s.hasActiveTasks() ? "_workflow_active" : "_workflow_dormant";
    }
    if (s.status.equals(Statuses.PAUSED)
        && (event.status().equals(Statuses.RUNNING) || event.status().equals(Statuses.RESUMING))
        && !s.hasActiveTasks() && !s.hasStagedTasks() && !s.hasPausedTasks()) {
      name += "_workflow_completed";
    }
    String next = TABLES.workflow(s.status, name);
    if (next != null) {
      s.status = next;
    }
  }

  private void processTaskEvent(TaskEvent event) {
    WorkflowState s = state;
    String name = event.name();
    boolean hasBarrierNext = hasNext(event.taskId(), event.route(), false);
    boolean hasNextTasks = hasNext(event.taskId(), event.route(), true);
    boolean active = s.hasActiveTasks();
    if (Statuses.ABENDED.contains(event.status()) && (hasNextTasks || hasBarrierNext)) {
      name = "task_remediated";
    }
    if (Set.of("task_pending", "task_paused", "task_succeeded", "task_failed", "task_remediated",
        "task_canceled", "task_retrying").contains(name)) {
      name += active ? "_workflow_active" : "_workflow_dormant";
    }
    if (name.startsWith("task_succeeded") || name.startsWith("task_remediated")) {
      if (s.hasCancelingTasks() || s.hasCanceledTasks()) {
        name += "_canceled";
      } else if (s.hasPausingTasks() || s.hasPausedTasks()) {
        name += "_paused";
      } else if (s.hasStagedTasks() || hasNextTasks) {
        name += "_incomplete";
      } else {
        name += "_completed";
      }
    }
    String next = TABLES.workflow(s.status, name);
    if (next == null) {
      return;
    }
    s.status = next;
    if (Statuses.isCompleted(s.status)) {
      List<Map<String, Object>> unreachable = unreachableBarriers();
      if (!unreachable.isEmpty()) {
        s.status = Statuses.FAILED;
        for (Map<String, Object> entry : unreachable) {
          String id = (String) entry.get("id");
          int route = route(entry);
          logEntry("UnreachableJoinError: The join task|route \"" + id + "|" + route
              + "\" is partially satisfied but unreachable.", id, route, null, null);
        }
      }
    }
  }

  private List<Map<String, Object>> unreachableBarriers() {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> barriers = graph.barriers();
    for (Map<String, Object> staged : state.stagedTasks(false)) {
      if (!barriers.containsKey(staged.get("id")) || Boolean.TRUE.equals(staged.get("ready"))) {
        continue;
      }
      if (inboundCriteria((String) staged.get("id"), route(staged)) == Inbound.NOT_SATISFIED) {
        out.add(staged);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Task status (TaskStateMachine)

  private void processTaskWorkflowEvent(Map<String, Object> task, WorkflowEvent event) {
    String name = event.name();
    Map<String, Object> staged = state.stagedTask((String) task.get("id"), route(task));
    if ((Statuses.PAUSE.contains(event.status()) || Statuses.CANCEL.contains(event.status()))
        && staged != null && staged.containsKey("items")) {
      List<String> statuses = itemStatuses(staged, -1);
      name += statuses.stream().anyMatch(Statuses.ACTIVE::contains) ? "_task_active" : "_task_dormant";
      name += statuses.stream().anyMatch(x -> !Statuses.isCompleted(x)) ? "_items_incomplete"
          : "_items_completed";
    }
    setTaskStatus(task, name);
  }

  private void processTaskActionEvent(Map<String, Object> task, Event event) {
    String name = event.name();
    if (event instanceof ItemEvent item && Set.of(Statuses.RESUMING, Statuses.PENDING,
        Statuses.PAUSED, Statuses.SUCCEEDED, Statuses.FAILED, Statuses.EXPIRED, Statuses.ABANDONED,
        Statuses.CANCELED).contains(item.status())) {
      Map<String, Object> staged = state.stagedTask((String) task.get("id"), route(task));
      List<String> others = itemStatuses(staged, item.itemId());
      boolean active = others.stream().anyMatch(Statuses.ACTIVE::contains);
      name += active ? "_task_active" : "_task_dormant";
      if (!active && others.stream().anyMatch(x -> x.equals(Statuses.PENDING) || x.equals(Statuses.PAUSED))) {
        name += "_items_paused";
      } else if (!active && others.contains(Statuses.CANCELED)) {
        name += "_items_canceled";
      } else if (!active && others.stream().anyMatch(Statuses.ABENDED::contains)) {
        name += "_items_failed";
      } else {
        name += others.stream().anyMatch(x -> !Statuses.isCompleted(x)) ? "_items_incomplete"
            : "_items_completed";
      }
    }
    setTaskStatus(task, name);
  }

  private static void setTaskStatus(Map<String, Object> task, String eventName) {
    String current = (String) task.getOrDefault("status", Statuses.UNSET);
    String next = TABLES.task(current == null ? Statuses.UNSET : current, eventName);
    if (next != null) {
      task.put("status", next);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> itemStatuses(Map<String, Object> staged, int except) {
    List<String> out = new ArrayList<>();
    List<Map<String, Object>> items = (List<Map<String, Object>>) staged.get("items");
    for (int i = 0; i < items.size(); i++) {
      if (i != except) {
        Object st = items.get(i).get("status");
        out.add(st == null ? Statuses.UNSET : (String) st);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Terminal context and output

  /** The context the output renders against: the terminal tasks' input contexts merged. */
  Map<String, Object> terminalContext() {
    Map<String, Object> ctx = new LinkedHashMap<>();
    List<Map<String, Object>> terms = state().terminalTasks();
    if (terms.isEmpty()) {
      return ctx;
    }
    ctx = taskContext(inContexts(terms.getFirst()));
    for (Map<String, Object> t : terms.subList(1, terms.size())) {
      List<Integer> idxs = new ArrayList<>(inContexts(t));
      idxs.remove(Integer.valueOf(0));
      ctx = Values.merge(ctx, taskContext(idxs), true);
    }
    return ctx;
  }

  /** Renders the output once the workflow completed; an error fails a succeeded workflow. */
  public void renderWorkflowOutput() {
    String status = workflowStatus();
    if (!Statuses.isCompleted(status) || (outputs != null && !outputs.isEmpty())) {
      return;
    }
    Map<String, Object> ctx = terminalContext();
    ctx.put("__state", state);
    List<BadRequestException> problems = new ArrayList<>();
    Map<String, Object> rendered = render(spec.output(), ctx, problems, false);
    if (!rendered.isEmpty()) {
      outputs = rendered;
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> logError(p, null, null, null));
      if (!Set.of(Statuses.EXPIRED, Statuses.ABANDONED, Statuses.CANCELED).contains(status)) {
        requestWorkflowStatus(Statuses.FAILED);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Re-run

  /**
   * The re-run requests for task names, as st2's {@code request_rerun} makes them: one per route
   * each task ran on, {@code resetItems} for those in {@code reset}.
   *
   * @throws BadRequestException naming the tasks that never ran in this workflow
   */
  public List<TaskRerunRequest> rerunRequests(List<String> tasks, List<String> reset) {
    WorkflowState s = state();
    List<TaskRerunRequest> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : tasks) {
      List<Integer> entries = s.lastEntries(name);
      if (entries.isEmpty()) {
        problems.add(name);
      }
      for (int idx : entries) {
        out.add(new TaskRerunRequest(name, route(s.sequence.get(idx)), reset.contains(name)));
      }
    }
    if (!problems.isEmpty()) {
      throw new BadRequestException("Unable to rerun workflow because one or more tasks is not found: "
          + String.join(",", problems));
    }
    return out;
  }

  /**
   * Prepares a completed workflow to go on from the tasks requested (orquesta's
   * {@code request_workflow_rerun}): those tasks are staged again (with items, only the items
   * that did not succeed unless reset), their errors and the output are dropped, terminal tasks
   * with a next task are no longer terminal, and the workflow is {@code resuming}. Without
   * requests, the terminal tasks that failed run again.
   *
   * @throws BadRequestException the workflow has not completed, or a task did not run in it
   */
  public void requestWorkflowRerun(List<TaskRerunRequest> requests) {
    WorkflowState s = state();
    if (!Statuses.isCompleted(s.status)) {
      throw new BadRequestException("Unable to rerun workflow because it is not in a completed state.");
    }
    Map<String, TaskRerunRequest> tasks = new LinkedHashMap<>();
    (requests == null ? List.<TaskRerunRequest>of() : requests).forEach(r -> tasks.put(r.key(), r));
    List<String> invalid = tasks.values().stream().filter(r -> !s.tasks.containsKey(r.key()))
        .map(r -> r.taskId() + "|" + r.route()).toList();
    if (!invalid.isEmpty()) {
      throw new BadRequestException("Unable to rerun task|route(s) because it doesn't exist or isn't"
          + " rerunnable: " + String.join(", ", invalid));
    }
    Map<String, Integer> candidates = new LinkedHashMap<>();
    if (tasks.isEmpty()) {
      for (int i = 0; i < s.sequence.size(); i++) {
        Map<String, Object> t = s.sequence.get(i);
        if (Boolean.TRUE.equals(t.get("term")) && Statuses.ABENDED.contains(t.get("status"))) {
          candidates.put(WorkflowState.key((String) t.get("id"), route(t)), i);
        }
      }
    } else {
      Set<String> kept = collapseRerunRequests(tasks);
      tasks.forEach((k, r) -> {
        if (kept.contains(k)) {
          candidates.put(k, s.tasks.get(k));
        }
      });
    }
    s.reruns.add(new ArrayList<>(candidates.values()));
    List<Map<String, Object>> sorted = candidates.values().stream().map(s.sequence::get)
        .sorted(Comparator.comparing((Map<String, Object> t) -> (String) t.get("id"))
            .thenComparingInt(Conductor::route))
        .toList();
    for (Map<String, Object> t : sorted) {
      TaskRerunRequest r = tasks.get(WorkflowState.key((String) t.get("id"), route(t)));
      rerunTask((String) t.get("id"), route(t), r != null && r.resetItems());
    }
    for (Map<String, Object> t : s.terminalTasks()) {
      if (((Map<?, ?>) t.get("next")).containsValue(Boolean.TRUE)) {
        t.remove("term");
      }
    }
    outputs = null;
    s.status = Statuses.RESUMING;
  }

  /**
   * Names the execution a re-run goes on under, as {@code st2.workflow_execution_id} of the
   * workflow's initial context: {@code task()} then reads that execution's task executions (and,
   * through the runtime, those of the runs it continues), where st2 keeps one workflow execution.
   */
  @SuppressWarnings("unchecked")
  public void continueAs(String workflowExecutionId) {
    Map<String, Object> init = state().contexts.getFirst();
    Map<String, Object> st2 = init.get("st2") instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    st2.put("workflow_execution_id", workflowExecutionId);
    init.put("st2", st2);
  }

  /**
   * The requests to keep: a task that follows from another requested task is run again by that
   * one, so asking for both would run it twice.
   */
  private Set<String> collapseRerunRequests(Map<String, TaskRerunRequest> tasks) {
    Map<String, Set<Integer>> sequences = new LinkedHashMap<>();
    tasks.forEach((k, r) -> sequences.put(k, new java.util.HashSet<>(state.taskSequence(r.taskId(), r.route()))));
    if (tasks.size() <= 1) {
      return sequences.keySet();
    }
    Set<String> kept = new java.util.LinkedHashSet<>();
    sequences.forEach((k, seq) -> {
      for (Set<Integer> other : sequences.values()) {
        if (!other.containsAll(seq)) {
          kept.add(k);
        }
      }
    });
    return kept;
  }

  @SuppressWarnings("unchecked")
  private void rerunTask(String taskId, int route, boolean resetItems) {
    WorkflowState s = state;
    Map<String, Object> task = taskStateEntry(taskId, route);
    List<Integer> ctxs = inContexts(task);
    Map<String, Object> prev = Values.copy((Map<String, Object>) task.get("prev"));
    task.remove("term");
    task.remove("ignore");
    Map<String, Object> staged = s.stagedTask(taskId, route);
    if (staged != null) {
      staged.remove("completed");
    }
    errors.removeIf(e -> taskId.equals(e.get("task_id")));
    if (spec.task(taskId).hasItems() && staged != null) {
      for (Map<String, Object> item : (List<Map<String, Object>>) staged.getOrDefault("items", List.of())) {
        if (resetItems || Statuses.ABENDED.contains(item.get("status"))) {
          item.put("status", Statuses.UNSET);
        }
      }
    } else {
      addTaskState(taskId, route, ctxs, prev);
      s.addStaged(taskId, route, ctxs, prev, true, null);
    }
    for (int idx : s.taskSequence(taskId, route)) {
      s.sequence.get(idx).remove("term");
    }
  }

  /** The terminal task entries ("task" or "task__rN"), sorted. */
  public List<String> terminalTaskNames() {
    return state().terminalTasks().stream().map(Conductor::displayName).sorted().toList();
  }

  static String displayName(Map<String, Object> entry) {
    int route = route(entry);
    return route == 0 ? (String) entry.get("id") : entry.get("id") + "__r" + route;
  }

  // ---------------------------------------------------------------------------------------------
  // Joins

  enum Inbound { SATISFIED, WIP, NOT_SATISFIED }

  Inbound inboundCriteria(String taskId, int route) {
    List<WorkflowGraph.Edge> inbound = graph.prev(taskId);
    Map<String, Boolean> evaluation = new LinkedHashMap<>();
    inbound.forEach(e -> evaluation.put(e.source(), null));
    Object barrier = graph.hasBarrier(taskId) ? graph.node(taskId).barrier : 1L;
    long requirement = "*".equals(barrier) ? evaluation.size() : ((Number) barrier).longValue();
    for (WorkflowGraph.Edge e : inbound) {
      Map<String, Object> prev = taskStateEntry(e.source(), route);
      if (prev == null) {
        continue;
      }
      Map<?, ?> next = (Map<?, ?>) prev.get("next");
      boolean satisfied = Boolean.TRUE.equals(next.get(e.transitionId()));
      if (!Boolean.TRUE.equals(evaluation.get(e.source()))) {
        evaluation.put(e.source(), satisfied);
      }
    }
    long satisfiedCount = evaluation.values().stream().filter(Boolean.TRUE::equals).count();
    if (satisfiedCount >= requirement) {
      return Inbound.SATISFIED;
    }
    if (evaluation.containsValue(null) && (state.hasActiveTasks() || state.hasStagedTasks())) {
      return Inbound.WIP;
    }
    return Inbound.NOT_SATISFIED;
  }

  // ---------------------------------------------------------------------------------------------
  // Next tasks

  private boolean hasNext(String taskId, Integer route, boolean evalJoinReady) {
    Map<String, Object> entry = route == null ? null : taskStateEntry(taskId, route);
    if (entry == null || !Statuses.isCompleted((String) entry.get("status"))) {
      return false;
    }
    Map<?, ?> next = (Map<?, ?>) entry.get("next");
    for (WorkflowGraph.Edge e : graph.next(taskId)) {
      if (e.target().equals("continue") || !Boolean.TRUE.equals(next.get(e.transitionId()))) {
        continue;
      }
      if (graph.hasBarrier(e.target())) {
        if (!evalJoinReady) {
          return true;
        }
        if (inboundCriteria(e.target(), route) == Inbound.NOT_SATISFIED) {
          continue;
        }
      }
      return true;
    }
    return false;
  }

  /** The staged tasks to run now, sorted by (task id, route); empty unless the workflow runs. */
  public List<NextTask> nextTasks() {
    WorkflowState s = state();
    List<Map<String, Object>> staged = new ArrayList<>(s.stagedTasks(true));
    List<Map<String, Object>> remediation = new ArrayList<>();
    if (s.status.equals(Statuses.FAILED)) {
      staged.stream().filter(t -> Boolean.TRUE.equals(t.get("run_on_fail"))).forEach(remediation::add);
    }
    List<NextTask> next = new ArrayList<>();
    if (!Statuses.RUNNING_STATUSES.contains(s.status) && remediation.isEmpty()) {
      return next;
    }
    boolean failed = false;
    for (Map<String, Object> st : remediation.isEmpty() ? staged : remediation) {
      String id = (String) st.get("id");
      int route = route(st);
      try {
        NextTask task = task(id, route);
        if (st.get("retry") instanceof Map<?, ?> retry) {
          Object delay = retry.get("delay");
          task = new NextTask(task.id(), task.route(), task.actions(),
              delay instanceof Number n ? n.intValue() : 0, task.itemsCount(), task.concurrency());
        }
        if (!task.actions().isEmpty() || Integer.valueOf(0).equals(task.itemsCount())) {
          next.add(task);
        }
      } catch (BadRequestException e) {
        failed = true;
        logError(e, id, route, null);
      }
    }
    if (failed) {
      requestWorkflowStatus(Statuses.FAILED);
      return List.of();
    }
    next.sort(Comparator.comparing(NextTask::id).thenComparingInt(NextTask::route));
    return next;
  }

  /** The task with its actions rendered against its input context. */
  private NextTask task(String taskId, int route) {
    Map<String, Object> ctx;
    Map<String, Object> staged = state.stagedTask(taskId, route);
    Map<String, Object> entry = taskStateEntry(taskId, route);
    if (staged != null) {
      ctx = taskContext(inContexts(staged));
    } else if (entry != null) {
      ctx = taskContext(inContexts(entry));
    } else {
      ctx = Values.copy(state.contexts.getFirst());
    }
    Map<String, Object> current = new LinkedHashMap<>();
    current.put("id", taskId);
    current.put("route", (long) route);
    ctx.put("__current_task", current);
    ctx.put("__state", state);
    TaskSpec t = spec.task(taskId);
    List<ActionSpec> actions = new ArrayList<>();
    Integer itemsCount = null;
    Integer concurrency = null;
    if (!t.hasItems()) {
      actions.add(new ActionSpec(expressions.evaluate(t.action(), ctx), evaluateInput(t, ctx), null));
    } else {
      String items = t.with().items();
      String itemsExpr = items.contains(" in ") ? items.substring(items.indexOf(" in ") + 4).strip()
          : items.strip();
      Object values = expressions.evaluate(itemsExpr, ctx);
      if (!(values instanceof List<?> list)) {
        throw Expressions.failure("TypeError", "The value of \"" + itemsExpr + "\" is not type of list.");
      }
      List<String> keys = items.contains(" in ")
          ? List.of(items.substring(0, items.indexOf(" in ")).replace(" ", "").split(",")) : null;
      itemsCount = list.size();
      Object c = expressions.evaluate(t.with().concurrency(), ctx);
      concurrency = c instanceof Number n ? n.intValue() : null;
      if (concurrency != null && concurrency <= 0) {
        concurrency = 1;
      }
      // Only the items to dispatch now are rendered: not run yet, within the concurrency left.
      for (int i : itemsToRun(staged, list.size(), concurrency)) {
        Object item = list.get(i);
        if (keys != null && item instanceof List<?> tuple) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int k = 0; k < Math.min(keys.size(), tuple.size()); k++) {
            m.put(keys.get(k), tuple.get(k));
          }
          item = m;
        } else if (keys != null && keys.size() == 1) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put(keys.getFirst(), item);
          item = m;
        }
        Map<String, Object> itemCtx = new LinkedHashMap<>(ctx);
        itemCtx.put("__current_item", item);
        actions.add(new ActionSpec(expressions.evaluate(t.action(), itemCtx),
            evaluateInput(t, itemCtx), i));
      }
    }
    Integer delay = null;
    if (t.delay() != null) {
      Object d = t.delay() instanceof String ds ? expressions.evaluate(ds, ctx) : t.delay();
      if (!Values.isInteger(d)) {
        throw Expressions.failure("TypeError", "The value of task delay is not type of integer.");
      }
      delay = ((Number) d).intValue();
    }
    return new NextTask(taskId, route, actions, delay, itemsCount, concurrency);
  }

  private Object evaluateInput(TaskSpec t, Map<String, Object> ctx) {
    Object input = expressions.evaluate(t.input() == null ? new LinkedHashMap<>() : t.input(), ctx);
    return input;
  }

  /** With-items: the items not run yet, within the concurrency left (the staged entry tracks them). */
  @SuppressWarnings("unchecked")
  private static List<Integer> itemsToRun(Map<String, Object> staged, int count, Integer concurrency) {
    List<Map<String, Object>> items = (List<Map<String, Object>>) staged.get("items");
    if (items == null || items.isEmpty()) {
      items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("status", Statuses.UNSET);
        items.add(item);
      }
      staged.put("items", items);
    }
    List<Integer> notRun = new ArrayList<>();
    int active = 0;
    for (int i = 0; i < count; i++) {
      Object st = items.get(i).get("status");
      if (st == null || Statuses.UNSET.equals(st)) {
        notRun.add(i);
      } else if (Statuses.ACTIVE.contains(st)) {
        active++;
      }
    }
    if (concurrency == null) {
      return notRun;
    }
    int available = concurrency - active;
    return available > 0 ? notRun.subList(0, Math.min(available, notRun.size())) : List.of();
  }

  // ---------------------------------------------------------------------------------------------
  // Task state

  Map<String, Object> taskStateEntry(String taskId, int route) {
    Integer idx = state.tasks.get(WorkflowState.key(taskId, route));
    return idx == null ? null : state.sequence.get(idx);
  }

  /** The merge of the contexts at {@code idxs}, a fresh copy. */
  Map<String, Object> taskContext(List<Integer> idxs) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    for (int idx : idxs) {
      ctx = Values.merge(ctx, Values.copy(state.contexts.get(idx)), true);
    }
    return ctx;
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> inContexts(Map<String, Object> entry) {
    List<Object> raw = (List<Object>) ((Map<String, Object>) entry.get("ctxs")).get("in");
    List<Integer> out = new ArrayList<>(raw.size());
    raw.forEach(x -> out.add(((Number) x).intValue()));
    return out;
  }

  static int route(Map<String, Object> entry) {
    return ((Number) entry.get("route")).intValue();
  }

  private Map<String, Object> addTaskState(String taskId, int route, List<Integer> ctxs,
      Map<String, Object> prev) {
    if (!graph.hasTask(taskId)) {
      throw new BadRequestException("The task \"" + taskId + "\" is not in the workflow graph.");
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", taskId);
    entry.put("route", (long) route);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("in", new ArrayList<>(ctxs == null || ctxs.isEmpty() ? List.of(0) : ctxs));
    entry.put("ctxs", c);
    entry.put("prev", prev == null ? new LinkedHashMap<>() : Values.copy(prev));
    entry.put("next", new LinkedHashMap<>());
    if (graph.hasRetry(taskId)) {
      setupRetry(entry, ctxs == null || ctxs.isEmpty() ? List.of(0) : ctxs);
    }
    state.sequence.add(entry);
    state.tasks.put(WorkflowState.key(taskId, route), state.sequence.size() - 1);
    return entry;
  }

  private void setupRetry(Map<String, Object> entry, List<Integer> ctxs) {
    Map<String, Object> retry = Values.copy(graph.node((String) entry.get("id")).retry);
    retry.put("tally", 0L);
    Map<String, Object> ctx = taskContext(ctxs);
    for (String key : List.of("delay", "count")) {
      if (retry.get(key) instanceof String expr) {
        Object v = expressions.evaluate(expr, ctx);
        if (!Values.isInteger(v)) {
          throw Expressions.failure("ValueError", "The retry " + key + " for task \""
              + entry.get("id") + "\" is not an integer.");
        }
        retry.put(key, ((Number) v).longValue());
      }
    }
    entry.put("retry", retry);
  }

  /**
   * Reports what happened to a task's action execution (or, for engine commands, the command):
   * updates the task's status, and when it completed evaluates retry, then its transitions:
   * {@code when}, {@code publish}, routes, staging of next tasks and joins, then the workflow
   * status.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> updateTaskState(String taskId, int route, Event event) {
    WorkflowState s = state();
    Deque<Map<String, Object>> engineQueue = new ArrayDeque<>();
    if (!graph.hasTask(taskId)) {
      throw new BadRequestException("The task \"" + taskId + "\" is not in the workflow graph.");
    }
    Map<String, Object> staged = s.stagedTask(taskId, route);
    Map<String, Object> entry = taskStateEntry(taskId, route);
    TaskSpec taskSpec = spec.task(taskId);
    if (staged == null && entry == null) {
      throw new BadRequestException("The task \"" + taskId + "\" has no state entry.");
    }
    boolean command = EngineEvent.forCommand(taskId) != null;
    if (entry == null || command) {
      entry = addTaskState(taskId, route(staged), inContexts(staged), (Map<String, Object>) staged.get("prev"));
    }
    if (Statuses.isCompleted((String) entry.get("status")) && event.status() != null
        && Statuses.STARTING.contains(event.status())) {
      entry = addTaskState(taskId, route(staged), inContexts(staged), (Map<String, Object>) staged.get("prev"));
    }
    int entryIdx = s.tasks.get(WorkflowState.key(taskId, route));
    if (event.status() != null && staged != null && !staged.containsKey("items")) {
      s.removeStaged(taskId, route);
    }
    if (staged != null && event instanceof ItemEvent item) {
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("status", item.status());
      ((List<Object>) staged.get("items")).set(item.itemId(), st);
    }
    if (Statuses.FAILED.equals(event.status())) {
      logEntry("Execution failed. See result for details.", taskId, null, null, event.result());
    }
    String oldStatus = (String) entry.getOrDefault("status", Statuses.UNSET);
    if (event instanceof WorkflowEvent we) {
      processTaskWorkflowEvent(entry, we);
    } else {
      processTaskActionEvent(entry, event);
    }
    String newStatus = (String) entry.getOrDefault("status", Statuses.UNSET);

    if (newStatus.equals(Statuses.RETRYING)) {
      Map<String, Object> retry = (Map<String, Object>) entry.get("retry");
      retry.put("tally", ((Number) retry.get("tally")).longValue() + 1);
      s.removeStaged(taskId, route);
      s.addStaged(taskId, route, inContexts(entry), (Map<String, Object>) entry.get("prev"), true, retry);
    }

    Map<String, Object> current = null;
    if (Statuses.isCompleted(newStatus)) {
      if (!(taskSpec.hasItems() && Statuses.ABENDED.contains(newStatus))) {
        s.removeStaged(taskId, route);
      } else {
        Map<String, Object> st = s.stagedTask(taskId, route);
        if (st != null) {
          st.put("completed", true);
        }
      }
      Object result = taskResult(taskSpec, event);
      current = taskContextWithCurrent(entry, result);
      if (Statuses.ACTIVE.contains(s.status) && evaluateRetry(entry, current)) {
        return updateTaskState(taskId, route, EngineEvent.RETRY);
      }
    }

    if (Statuses.isCompleted(newStatus) && !newStatus.equals(oldStatus)) {
      boolean manualFail = false;
      List<Map<String, Object>> stagedNext = new ArrayList<>();
      List<WorkflowGraph.Edge> transitions = graph.next(taskId);
      if (transitions.isEmpty()) {
        entry.put("term", true);
      }
      Map<String, Object> next = (Map<String, Object>) entry.get("next");
      for (WorkflowGraph.Edge tr : transitions) {
        String transitionId = tr.transitionId();
        try {
          boolean all = true;
          for (String c : tr.criteria()) {
            all &= truthy(expressions.evaluate(c, current));
          }
          next.put(transitionId, all);
        } catch (BadRequestException e) {
          logError(e, taskId, route, transitionId);
          requestWorkflowStatus(Statuses.FAILED);
          continue;
        }
        if (!Boolean.TRUE.equals(next.get(transitionId))) {
          continue;
        }
        String nextId = tr.target();
        List<BadRequestException> problems = new ArrayList<>();
        Map<String, Object> newCtx = publish(taskSpec, nextId, tr.ref(), current, problems);
        if (!problems.isEmpty()) {
          problems.forEach(p -> logError(p, taskId, route, transitionId));
          requestWorkflowStatus(Statuses.FAILED);
          continue;
        }
        List<Integer> outIdxs = new ArrayList<>(inContexts(entry));
        if (!newCtx.isEmpty()) {
          s.contexts.add(newCtx);
          int newIdx = s.contexts.size() - 1;
          outIdxs.add(newIdx);
          Map<String, Object> out = new LinkedHashMap<>();
          out.put(transitionId, (long) newIdx);
          ((Map<String, Object>) entry.get("ctxs")).put("out", out);
        }
        int nextRoute = evaluateRoute(tr, route);
        Map<String, Object> stagedNextTask = s.stagedTask(nextId, nextRoute);
        String backref = taskId + "__t" + tr.key();
        if (stagedNextTask != null) {
          outIdxs.remove(Integer.valueOf(0));
          List<Object> in = (List<Object>) ((Map<String, Object>) stagedNextTask.get("ctxs")).get("in");
          outIdxs.forEach(i -> in.add((long) i));
          ((Map<String, Object>) stagedNextTask.get("prev")).put(backref, (long) entryIdx);
          stagedNextTask.remove("items");
          stagedNextTask.remove("completed");
        } else {
          Map<String, Object> prev = new LinkedHashMap<>();
          prev.put(backref, (long) entryIdx);
          stagedNextTask = s.addStaged(nextId, nextRoute, outIdxs, prev, false, null);
        }
        stagedNextTask.put("ready", inboundCriteria(nextId, route) == Inbound.SATISFIED);
        if (EngineEvent.forCommand(nextId) != null) {
          engineQueue.add(stagedNextTask);
          manualFail |= nextId.equals("fail");
        } else if (Boolean.TRUE.equals(stagedNextTask.get("ready"))) {
          stagedNext.add(stagedNextTask);
        }
      }
      if (manualFail) {
        stagedNext.forEach(t -> t.put("run_on_fail", true));
      }
    }

    processTaskEvent(new TaskEvent(taskId, route, (String) entry.get("status")));

    while (!engineQueue.isEmpty()) {
      Map<String, Object> cmd = engineQueue.poll();
      String id = (String) cmd.get("id");
      updateTaskState(id, route(cmd), EngineEvent.forCommand(id));
    }
    if (Statuses.isCompleted(s.status)) {
      entry.put("term", true);
    }
    return entry;
  }

  private static Object taskResult(TaskSpec spec, Event event) {
    if (!spec.hasItems()) {
      return event.result();
    }
    if (event instanceof ItemEvent item) {
      return item.accumulated() == null ? new ArrayList<>() : item.accumulated();
    }
    return event.result() == null ? new ArrayList<>() : event.result();
  }

  private Map<String, Object> taskContextWithCurrent(Map<String, Object> entry, Object result) {
    Map<String, Object> ctx = taskContext(inContexts(entry));
    Map<String, Object> current = new LinkedHashMap<>();
    current.put("id", entry.get("id"));
    current.put("route", entry.get("route"));
    current.put("result", result);
    ctx.put("__current_task", current);
    ctx.put("__state", state);
    return ctx;
  }

  @SuppressWarnings("unchecked")
  private boolean evaluateRetry(Map<String, Object> entry, Map<String, Object> ctx) {
    if (!(entry.get("retry") instanceof Map<?, ?> raw)) {
      return false;
    }
    Map<String, Object> retry = (Map<String, Object>) raw;
    String status = (String) entry.getOrDefault("status", Statuses.UNSET);
    long count = ((Number) retry.get("count")).longValue();
    long tally = ((Number) retry.get("tally")).longValue();
    if (tally >= count) {
      return false;
    }
    if (Statuses.ABENDED.contains(status) && retry.get("when") == null) {
      return true;
    }
    return retry.get("when") != null && truthy(expressions.evaluate(retry.get("when"), ctx));
  }

  /** The variables a transition publishes (only those), evaluated with a rolling context. */
  private Map<String, Object> publish(TaskSpec taskSpec, String nextTask, int ref,
      Map<String, Object> ctx, List<BadRequestException> problems) {
    Map<String, Object> rolling = new LinkedHashMap<>(ctx);
    Map<String, Object> published = new LinkedHashMap<>();
    if (taskSpec.next().isEmpty()) {
      return published;
    }
    WorkflowSpec.TransitionSpec tr = taskSpec.next().get(ref);
    if (tr.targets().contains(nextTask)) {
      for (Named p : tr.publish()) {
        try {
          Object v = expressions.evaluate(p.value(), rolling);
          rolling.put(p.name(), v);
          published.put(p.name(), v);
        } catch (BadRequestException e) {
          problems.add(e);
        }
      }
    }
    return published;
  }

  private int evaluateRoute(WorkflowGraph.Edge tr, int prevRoute) {
    String prevTransitionId = tr.source() + "__t" + tr.key();
    if (!topology.isSplit(tr.target()) || graph.inCycle(tr.target())) {
      return prevRoute;
    }
    List<String> old = state.routes.get(prevRoute);
    List<String> updated = new ArrayList<>(old);
    if (!old.contains(prevTransitionId)) {
      updated.add(prevTransitionId);
    }
    if (old.equals(updated)) {
      return prevRoute;
    }
    state.routes.add(updated);
    return state.routes.size() - 1;
  }

  /** Python truthiness of an expression's value. */
  static boolean truthy(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Number n -> n.doubleValue() != 0;
      case String s -> !s.isEmpty();
      case java.util.Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }
}
