package dev.squall.core.orquesta;

import dev.squall.core.error.ConflictException;
import dev.squall.core.orquesta.Conductor.ActionSpec;
import dev.squall.core.orquesta.Conductor.NextTask;
import dev.squall.core.orquesta.Event.ActionEvent;
import dev.squall.core.orquesta.Event.ItemEvent;
import dev.squall.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a workflow on the {@link Conductor} with mocked action results, offline: the loop st2's
 * workflow engine runs (mark every next task running, then complete each in order, store the
 * conductor between waves), so a rehearsal exercises the same conductor a live run does. A
 * {@code pending} result (an inquiry) is answered once nothing else can run: the workflow is
 * resumed and the task's next mock completes it.
 */
public final class Rehearsal {

  /**
   * A mocked action execution, used {@code numIter} times in list order for its task; for
   * with-items tasks {@code itemId} picks the item.
   */
  public static final class Mock {
    final String taskId;
    final Integer itemId;
    final String status;
    final Object result;
    private int uses;
    private final int numIter;

    public Mock(String taskId, Integer itemId, String status, Object result, int numIter) {
      this.taskId = taskId;
      this.itemId = itemId;
      this.status = status == null ? Statuses.SUCCEEDED : status;
      this.result = result;
      this.numIter = Math.max(numIter, 1);
    }

    boolean available() {
      return uses < numIter;
    }
  }

  /** A pause, resume or cancel request applied before wave {@code beforeWave}. */
  public record Request(int beforeWave, String request) {}

  /** What happened. Map keys follow orquesta's rehearsal spec. */
  public record Outcome(List<String> taskSequence, List<String> taskStatuses,
      List<Map<String, Object>> actionRequests, List<List<String>> routes, List<String> termTasks,
      String workflowStatus, Map<String, Object> output, List<Map<String, Object>> errors,
      Map<String, List<Map<String, Object>>> inspectionErrors, List<String> statusTrace) {

    /** As {@code squall workflow rehearse --json} prints it. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("task_sequence", taskSequence);
      m.put("routes", routes);
      m.put("term_tasks", termTasks);
      m.put("workflow_status", workflowStatus);
      m.put("output", output);
      m.put("errors", errors);
      m.put("inspection_errors", inspectionErrors);
      return m;
    }
  }

  private final Expressions expressions;

  public Rehearsal(Expressions expressions) {
    this.expressions = expressions;
  }

  /** Inspects the workflow and, when it is valid, runs it with {@code mocks}. */
  public Outcome run(YamlDocument workflow, Map<String, Object> inputs, List<Mock> mocks,
      List<Request> requests) {
    List<InspectionError> problems = Inspector.inspect(workflow, expressions);
    if (!problems.isEmpty()) {
      return new Outcome(List.of(), List.of(), List.of(), List.of(), List.of(), null, null,
          List.of(), Inspector.byCategory(problems), List.of());
    }
    WorkflowSpec spec = WorkflowParser.parse(workflow).spec();
    Conductor conductor = new Conductor(spec, expressions, Map.of(), inputs);
    request(conductor, Statuses.RUNNING);
    List<Map<String, Object>> dispatched = new ArrayList<>();
    List<String> trace = new ArrayList<>();
    Map<String, List<Object>> itemResults = new HashMap<>();
    List<NextTask> pending = new ArrayList<>();
    for (int wave = 0; ; wave++) {
      for (Request r : requests) {
        if (r.beforeWave() == wave) {
          request(conductor, switch (r.request()) {
            case "pause" -> Statuses.PAUSING;
            case "resume" -> Statuses.RESUMING;
            case "cancel" -> Statuses.CANCELING;
            default -> r.request();
          });
        }
      }
      List<NextTask> next = conductor.nextTasks();
      if (next.isEmpty()) {
        if (pending.isEmpty()) {
          break;
        }
        request(conductor, Statuses.RESUMING);
        for (NextTask t : List.copyOf(pending)) {
          pending.remove(t);
          complete(conductor, spec, t, t.actions().getFirst(), mocks, itemResults, pending);
        }
        trace.add(conductor.workflowStatus());
        conductor = Conductor.restore(spec, expressions, conductor.serialize());
        continue;
      }
      for (NextTask t : next) {
        for (ActionSpec a : t.actions()) {
          dispatched.add(request(t, a));
        }
        if (t.actions().isEmpty()) {
          conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.RUNNING, null));
        }
        for (ActionSpec a : t.actions()) {
          conductor.updateTaskState(t.id(), t.route(), a.itemId() == null
              ? new ActionEvent(Statuses.RUNNING, null)
              : new ItemEvent(a.itemId(), Statuses.RUNNING, null, null));
        }
      }
      for (NextTask t : next) {
        if (t.actions().isEmpty()) {
          conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.SUCCEEDED, new ArrayList<>()));
        }
        for (ActionSpec a : t.actions()) {
          complete(conductor, spec, t, a, mocks, itemResults, pending);
        }
      }
      trace.add(conductor.workflowStatus());
      conductor = Conductor.restore(spec, expressions, conductor.serialize());
    }
    conductor.renderWorkflowOutput();
    List<String> sequence = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    for (Map<String, Object> e : conductor.sequence()) {
      sequence.add(Conductor.displayName(e));
      statuses.add((String) e.get("status"));
    }
    return new Outcome(sequence, statuses, dispatched, conductor.routes(),
        conductor.terminalTaskNames(), conductor.workflowStatus(), conductor.output(),
        conductor.errors(), Map.of(), trace);
  }

  private static void request(Conductor conductor, String status) {
    try {
      conductor.requestWorkflowStatus(status);
    } catch (ConflictException e) {
      // A workflow that already failed (input or vars did not render) cannot start: as st2.
    }
  }

  private static Map<String, Object> request(NextTask t, ActionSpec a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", t.id());
    m.put("route", (long) t.route());
    m.put("action", a.action());
    m.put("input", a.input() instanceof Map<?, ?> in && in.isEmpty() ? null : a.input());
    if (a.itemId() != null) {
      m.put("item_id", (long) a.itemId());
    }
    if (t.delay() != null) {
      m.put("delay", (long) t.delay());
    }
    return m;
  }

  private void complete(Conductor conductor, WorkflowSpec spec, NextTask t, ActionSpec a,
      List<Mock> mocks, Map<String, List<Object>> itemResults, List<NextTask> pending) {
    if (a.action() == null && a.itemId() == null) {
      conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.SUCCEEDED, null));
      return;
    }
    Mock mock = null;
    for (Mock m : mocks) {
      if (m.taskId.equals(t.id()) && m.available()
          && (a.itemId() == null || m.itemId == null || m.itemId.equals(a.itemId()))) {
        mock = m;
        break;
      }
    }
    String status = Statuses.SUCCEEDED;
    Object result = null;
    if (mock != null) {
      mock.uses++;
      status = mock.status;
      result = Values.plain(mock.result);
    }
    if (status.equals(Statuses.PENDING)) {
      pending.add(new NextTask(t.id(), t.route(), List.of(a), t.delay(), t.itemsCount(), t.concurrency()));
    }
    if (a.itemId() == null) {
      conductor.updateTaskState(t.id(), t.route(), new ActionEvent(status, result));
      return;
    }
    List<Object> acc = itemResults.computeIfAbsent(t.id() + "__r" + t.route(), k -> new ArrayList<>());
    while (acc.size() <= a.itemId()) {
      acc.add(null);
    }
    acc.set(a.itemId(), result);
    conductor.updateTaskState(t.id(), t.route(), new ItemEvent(a.itemId(), status, result, new ArrayList<>(acc)));
  }
}
