package dev.squall.engine.workflow;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.SquallException;
import dev.squall.core.orquesta.Conductor;
import dev.squall.core.orquesta.Conductor.ActionSpec;
import dev.squall.core.orquesta.Conductor.NextTask;
import dev.squall.core.orquesta.Event.ActionEvent;
import dev.squall.core.orquesta.Event.ItemEvent;
import dev.squall.core.orquesta.Expressions;
import dev.squall.core.orquesta.InspectionError;
import dev.squall.core.orquesta.Inspector;
import dev.squall.core.orquesta.Statuses;
import dev.squall.core.orquesta.WorkflowParser;
import dev.squall.core.orquesta.WorkflowSpec;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.runner.Suspended;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * StackStorm's {@code orquesta} runner: runs a workflow's tasks as child executions through the
 * one {@link ExecutionService}, driven by the {@link Conductor} (the same code a rehearsal runs).
 * Each child carries StackStorm's context ({@code parent}, {@code orquesta.task_name},
 * {@code task_id}, {@code task_route}, {@code item_id}...). A workflow waits on its children
 * without holding an execution slot. Canceling the workflow cancels its child workflows and the
 * children not running yet, lets running actions finish (st2's), and starts no other task. Pausing it starts no new task and leaves it paused once its
 * running tasks end; its state is stored at each step, so a restart continues it, after a crash
 * and after a graceful stop alike (it then ends its run with {@link Suspended}).
 */
public final class OrquestaRunner implements Runner {

  private static final Duration POLL = Duration.ofMillis(20);
  /** How often a workflow reads the store for a pause, resume or cancel asked through another node. */

  private final Supplier<ExecutionService> executions;
  private final Expressions expressions;

  /** {@code executions} is asked late: the service is built with its runners, this one among them. */
  public OrquestaRunner(Supplier<ExecutionService> executions, Expressions expressions) {
    this.executions = executions;
    this.expressions = expressions;
  }

  @Override
  public String name() {
    return "orquesta";
  }

  @Override
  public boolean occupiesSlot() {
    return false;
  }

  @Override
  public boolean pausable() {
    return true;
  }

  @Override
  public RunnerResult run(RunContext context) {
    ActionDef action = context.action();
    YamlDocument doc;
    try {
      doc = YamlReader.readOrBadRequest(workflowFile(action));
    } catch (SquallException | java.io.UncheckedIOException e) {
      return failed(List.of(error(e.getMessage())));
    }
    List<InspectionError> problems = Inspector.inspect(doc, expressions, Inspector.ST2_CONTEXT);
    if (!problems.isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (InspectionError p : problems) {
        Map<String, Object> e = error(p.message());
        e.put("type", p.category());
        e.put("spec_path", p.specPath());
        e.put("line", p.line());
        errors.add(e);
      }
      return failed(errors);
    }
    WorkflowSpec spec = WorkflowParser.parse(doc).spec();
    ExecutionService service = executions.get();
    Optional<Map<String, Object>> stored = service.workflowStates().find(context.executionId());
    if (stored.isPresent()) { // a restart: go on from the last recorded step
      return Run.restore(service, context, spec, expressions, stored.get()).drive();
    }
    Rerun rerun = Rerun.of(context.context());
    if (rerun != null) { // st2's re-run from tasks: go on from the original's state
      Run run;
      try {
        run = Run.rerun(service, context, spec, expressions, rerunOf(service, spec, rerun, context.executionId()));
      } catch (SquallException e) {
        return failed(List.of(error(e.getMessage())));
      }
      return run.drive();
    }
    Conductor conductor = new Conductor(spec, expressions, parentContext(context), context.parameters());
    return new Run(service, context, conductor).drive();
  }

  /** What a re-run from tasks asks ({@code re-run} in the execution's context). */
  record Rerun(String ref, List<String> tasks, List<String> reset) {

    @SuppressWarnings("unchecked")
    static Rerun of(Map<String, Object> context) {
      if (!(context.get("re-run") instanceof Map<?, ?> m) || !(m.get("tasks") instanceof List<?> tasks)
          || tasks.isEmpty()) {
        return null;
      }
      List<String> reset = m.get("reset") instanceof List<?> r ? (List<String>) r : List.of();
      return new Rerun(String.valueOf(m.get("ref")), (List<String>) tasks, reset);
    }
  }

  /**
   * The original's stored run, its conductor already asked to re-run the tasks (st2's
   * {@code request_rerun}) and going on as {@code executionId}.
   *
   * @throws BadRequestException its state is not stored, it has not
   *     completed, or a task did not run in it
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> rerunOf(ExecutionService service, WorkflowSpec spec, Rerun rerun,
      String executionId) {
    Map<String, Object> stored = service.workflowStates().find(rerun.ref())
        .orElseThrow(() -> new BadRequestException("Unable to rerun workflow"
            + " execution \"" + rerun.ref() + "\" because its workflow state is not stored."));
    Conductor conductor = Conductor.restore(spec, expressions, (Map<String, Object>) stored.get("conductor"));
    if (!Statuses.isCompleted(conductor.workflowStatus())) {
      throw new BadRequestException("Unable to rerun workflow execution \""
          + rerun.ref() + "\" because it is not in a completed state.");
    }
    conductor.requestWorkflowRerun(conductor.rerunRequests(rerun.tasks(), rerun.reset()));
    conductor.continueAs(executionId);
    Map<String, Object> out = new LinkedHashMap<>(stored);
    out.put("conductor", conductor.serialize());
    return out;
  }

  /**
   * Checks what {@link #run} will do for the re-run, so that the caller hears at once: the
   * original is a completed workflow whose state is stored, and each task ran in it.
   */
  @Override
  public void checkTaskRerun(ActionDef action, Execution original, List<String> tasks, List<String> reset) {
    if (!original.status().isTerminal()) {
      throw new BadRequestException("Unable to rerun workflow execution \""
          + original.id() + "\" because it is not in a completed state.");
    }
    YamlDocument doc = YamlReader.readOrBadRequest(workflowFile(action));
    WorkflowSpec spec = WorkflowParser.parse(doc).spec();
    rerunOf(executions.get(), spec, new Rerun(original.id(), tasks, reset), original.id());
  }

  static Path workflowFile(ActionDef action) {
    Path base = action.packDir() == null ? Path.of(".") : action.packDir().resolve("actions");
    return base.resolve(action.entryPoint()).normalize();
  }

  private static Map<String, Object> parentContext(RunContext context) {
    Map<String, Object> st2 = new LinkedHashMap<>();
    st2.put("action_execution_id", context.executionId());
    st2.put("user", context.context().get("user"));
    st2.put("pack", context.action().pack());
    st2.put("action", context.action().ref());
    st2.put("runner", "orquesta");
    if (context.context().get("api_user") != null) {
      st2.put("api_user", context.context().get("api_user"));
    }
    if (context.context().get("source_channel") != null) {
      st2.put("source_channel", context.context().get("source_channel"));
    }
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("st2", st2);
    ctx.put("parent", new LinkedHashMap<>(context.context()));
    return ctx;
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", "error");
    e.put("message", message);
    return e;
  }

  private static RunnerResult failed(List<Map<String, Object>> errors) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("errors", errors);
    result.put("output", null);
    return new RunnerResult(ExecutionStatus.FAILED, result);
  }

  /**
   * One workflow run: the dispatch loop on the runner's thread. After each step that changes the
   * conductor (a task started, a child submitted, a task result recorded) the run stores its
   * state ({@link #save}), so that a restart continues it ({@link #restore}).
   */
  private static final class Run {
    private final RunContext context;
    private final Conductor conductor;
    private final ExecutionService service;
    private final Map<String, Dispatch> active = new LinkedHashMap<>();
    private final List<Dispatch> scheduled = new ArrayList<>();
    private final Map<String, List<Object>> itemResults = new HashMap<>();
    /** Children waiting {@code pending} (inquiries), whose task the conductor knows is pending. */
    private final java.util.Set<String> waiting = new java.util.LinkedHashSet<>();
    /** Sub-workflows whose pause (pausing, paused, resuming) the conductor was told, and how far. */
    private final Map<String, ExecutionStatus> subPauses = new HashMap<>();
    private boolean canceling;
    /** Task results recorded in the conductor since the last {@link #save}. */
    private boolean unsaved;
    private final OwnStatus own;
    /** Continued from a stored state, whose workflow status stands (running, paused...). */
    private boolean restored;
    /** The workflow has secret parameters, which its stored input holds: stored encrypted. */
    private final boolean sealed;

    /** A child action execution of a task (or of one item), due at {@code dueNanos}. */
    private record Dispatch(String task, int route, ActionSpec action, Integer itemsCount, long dueNanos) {

      Map<String, Object> toMap(String child) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("route", route);
        m.put("action", action.action());
        m.put("input", action.input());
        m.put("item_id", action.itemId());
        m.put("items_count", itemsCount);
        m.put("child", child);
        return m;
      }

      /** A stored dispatch; one not submitted yet is due at once. */
      static Dispatch fromMap(Map<String, Object> m) {
        return new Dispatch((String) m.get("task"), ((Number) m.get("route")).intValue(),
            new ActionSpec(m.get("action"), m.get("input"), intOrNull(m.get("item_id"))),
            intOrNull(m.get("items_count")), System.nanoTime());
      }

      private static Integer intOrNull(Object o) {
        return o == null ? null : ((Number) o).intValue();
      }
    }

    Run(ExecutionService service, RunContext context, Conductor conductor) {
      this.service = service;
      this.context = context;
      this.conductor = conductor;
      this.own = new OwnStatus(service, context.executionId());
      Execution self = service.get(context.executionId());
      this.sealed = !self.secretParameters().isEmpty() || !self.secretTexts().isEmpty();
    }

    /**
     * The run a stored state describes: children it had submitted are awaited again (those that
     * were running when the server died are abandoned by then, so their tasks fail), dispatches
     * not yet submitted are submitted now.
     */
    @SuppressWarnings("unchecked")
    static Run restore(ExecutionService service, RunContext context, WorkflowSpec spec,
        Expressions expressions, Map<String, Object> stored) {
      Run run = new Run(service, context,
          Conductor.restore(spec, expressions, (Map<String, Object>) stored.get("conductor")));
      run.restored = true;
      for (Object o : (List<Object>) stored.getOrDefault("dispatches", List.of())) {
        Map<String, Object> m = (Map<String, Object>) o;
        Dispatch d = Dispatch.fromMap(m);
        if (m.get("child") != null) {
          run.active.put((String) m.get("child"), d);
        } else {
          run.scheduled.add(d);
        }
      }
      ((Map<String, Object>) stored.getOrDefault("items", Map.of()))
          .forEach((k, v) -> run.itemResults.put(k, new ArrayList<>((List<Object>) v)));
      ((List<Object>) stored.getOrDefault("waiting", List.of())).forEach(w -> run.waiting.add((String) w));
      return run;
    }

    /**
     * The run that goes on from another execution's stored run ({@code original}, its conductor
     * asked to re-run the tasks): the workflow's parent context becomes this execution's; the
     * items that ran keep their results; nothing is dispatched yet.
     */
    @SuppressWarnings("unchecked")
    static Run rerun(ExecutionService service, RunContext context, WorkflowSpec spec,
        Expressions expressions, Map<String, Object> original) {
      Map<String, Object> data = new LinkedHashMap<>((Map<String, Object>) original.get("conductor"));
      data.put("context", parentContext(context));
      Map<String, Object> stored = new LinkedHashMap<>();
      stored.put("conductor", data);
      stored.put("items", original.getOrDefault("items", Map.of()));
      return restore(service, context, spec, expressions, stored);
    }

    /** Records the run's state in the store (one row per workflow execution). */
    private void save() {
      unsaved = false;
      List<Map<String, Object>> dispatches = new ArrayList<>();
      active.forEach((child, d) -> dispatches.add(d.toMap(child)));
      scheduled.forEach(d -> dispatches.add(d.toMap(null)));
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("conductor", conductor.serialize());
      state.put("dispatches", dispatches);
      state.put("items", itemResults);
      state.put("waiting", new ArrayList<>(waiting));
      service.workflowStates().save(context.executionId(), state, sealed);
    }

    RunnerResult drive() {
      // A workflow whose input or vars did not render has failed already and never runs (st2's).
      if (!restored && !Statuses.isCompleted(conductor.workflowStatus())) {
        conductor.requestWorkflowStatus(Statuses.RUNNING);
      }
      save();
      while (true) {
        if (Thread.interrupted() && !canceling) {
          cancel();
        }
        if (service.stopping()) {
          // The state is stored (every dispatch is saved once submitted; a completion not saved
          // yet is read again from its child): the next start continues from here. Children
          // still running finish or are abandoned meanwhile.
          throw new Suspended(context.executionId());
        }
        if (!canceling) {
          followPauseAndResume();
        }
        List<NextTask> next = canceling ? List.of() : conductor.nextTasks();
        next.forEach(this::start);
        // One write per round: what completed, what started and what was submitted.
        if (submitDue() || !next.isEmpty() || unsaved) {
          save();
        }
        if (active.isEmpty() && scheduled.isEmpty()) {
          if (Statuses.PAUSED.equals(conductor.workflowStatus())) {
            service.settle(context.executionId(), ExecutionStatus.PAUSING, ExecutionStatus.PAUSED);
            sleep(POLL.toNanos());
            continue;
          }
          if (next.isEmpty()) {
            break;
          }
          continue;
        }
        awaitCompletions();
      }
      conductor.renderWorkflowOutput();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("output", conductor.output());
      String status = conductor.workflowStatus();
      if (!conductor.errors().isEmpty() && !status.equals(Statuses.SUCCEEDED)) {
        result.put("errors", conductor.errors());
      }
      return new RunnerResult(switch (status) {
        case Statuses.SUCCEEDED -> ExecutionStatus.SUCCEEDED;
        case Statuses.CANCELED -> ExecutionStatus.CANCELED;
        default -> ExecutionStatus.FAILED;
      }, result);
    }

    /**
     * Passes a pause or resume requested through the execution ({@code pausing},
     * {@code resuming}) to the conductor: pausing starts no new task, and the workflow is
     * paused once its running tasks end; resuming goes on where it stopped.
     */
    private void followPauseAndResume() {
      ExecutionStatus requested = own.read();
      String now = conductor.workflowStatus();
      if (requested == ExecutionStatus.PAUSING && Statuses.RUNNING_STATUSES.contains(now)) {
        conductor.requestWorkflowStatus(Statuses.PAUSING);
        save();
        // As st2's orquesta runner: running sub-workflows are paused too; the workflow is
        // paused once they are (and its other tasks have ended).
        forEachSubWorkflow(EnumSet.of(ExecutionStatus.RUNNING), service::pause);
      } else if (requested == ExecutionStatus.RESUMING) {
        if (Statuses.PAUSE.contains(now)) {
          conductor.requestWorkflowStatus(Statuses.RESUMING);
          save();
        }
        service.settle(context.executionId(), ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
        forEachSubWorkflow(EnumSet.of(ExecutionStatus.PAUSING, ExecutionStatus.PAUSED), service::resume);
      }
    }

    /** Asks each active sub-workflow in one of {@code statuses}; one that moved on meanwhile is left. */
    private void forEachSubWorkflow(Set<ExecutionStatus> statuses, java.util.function.Consumer<String> request) {
      for (String id : List.copyOf(active.keySet())) {
        Execution child = service.get(id);
        if (dev.squall.core.action.Runners.isWorkflow(child.runnerType()) && statuses.contains(child.status())) {
          try {
            request.accept(id);
          } catch (BadRequestException movedOn) {
            // it ended or changed between the read and the request: its next status is followed
          }
        }
      }
    }

    /**
     * A sub-workflow pausing, paused or resuming (asked by this workflow, or on its own: an
     * inquiry inside it) is passed to the conductor as its task's status: a paused one with
     * nothing else running pauses this workflow, and one resuming resumes it, as in st2.
     */
    private boolean followSubWorkflow(String id, ExecutionStatus s) {
      ExecutionStatus told = subPauses.get(id);
      boolean pause = s == ExecutionStatus.PAUSING || s == ExecutionStatus.PAUSED || s == ExecutionStatus.RESUMING;
      if (s == told || !(pause || (told != null && s == ExecutionStatus.RUNNING))) {
        return false;
      }
      if (pause) {
        subPauses.put(id, s);
      } else {
        subPauses.remove(id);
      }
      boolean resumed = s == ExecutionStatus.RESUMING || s == ExecutionStatus.RUNNING;
      if (resumed && Statuses.PAUSE.contains(conductor.workflowStatus())) {
        conductor.requestWorkflowStatus(Statuses.RESUMING);
      }
      complete(active.get(id), status(s), null);
      if (resumed && service.get(context.executionId()).status() == ExecutionStatus.PAUSED) {
        service.resume(context.executionId());
        service.settle(context.executionId(), ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
      }
      return true;
    }

    private void sleep(long nanos) {
      try {
        Thread.sleep(Duration.ofNanos(nanos));
      } catch (InterruptedException e) {
        cancel();
      }
    }

    private void start(NextTask t) {
      if (t.actions().isEmpty()) { // with-items over an empty list
        conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.RUNNING, null));
        conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.SUCCEEDED, new ArrayList<>()));
        return;
      }
      long due = System.nanoTime() + Duration.ofSeconds(t.delay() == null ? 0 : t.delay()).toNanos();
      for (ActionSpec a : t.actions()) {
        conductor.updateTaskState(t.id(), t.route(), a.itemId() == null
            ? new ActionEvent(Statuses.RUNNING, null)
            : new ItemEvent(a.itemId(), Statuses.RUNNING, null, null));
        if (a.action() == null && a.itemId() == null) { // a task without action: done at once
          conductor.updateTaskState(t.id(), t.route(), new ActionEvent(Statuses.SUCCEEDED, null));
        } else {
          scheduled.add(new Dispatch(t.id(), t.route(), a, t.itemsCount(), due));
        }
      }
    }

    /** Submits the dispatches that are due; true when there were any. */
    private boolean submitDue() {
      long now = System.nanoTime();
      boolean any = false;
      for (Dispatch d : List.copyOf(scheduled)) {
        if (canceling) {
          scheduled.remove(d);
          complete(d, Statuses.CANCELED, null);
          any = true;
        } else if (d.dueNanos() <= now) {
          scheduled.remove(d);
          submit(d);
          any = true;
        }
      }
      return any;
    }

    @SuppressWarnings("unchecked")
    private void submit(Dispatch d) {
      Map<String, Object> params = d.action().input() instanceof Map<?, ?> m
          ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
      try {
        Execution child = service.submit(String.valueOf(d.action().action()), params, childContext(d));
        active.put(child.id(), d);
      } catch (SquallException e) { // unknown action, bad parameters: the task fails
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("error", e.getMessage());
        complete(d, Statuses.FAILED, result);
      }
    }

    private Map<String, Object> childContext(Dispatch d) {
      Map<String, Object> ctx = new LinkedHashMap<>(context.context());
      ctx.remove("orquesta");
      // A re-run from tasks is this workflow's: its children run as new.
      ctx.remove("re-run");
      // The workflow notifies (e.g. the chat room it came from) when it ends; its tasks do not,
      // as in StackStorm without the runner's `notify` task list.
      ctx.remove("notify");
      Map<String, Object> parent = new LinkedHashMap<>();
      parent.put("execution_id", context.executionId());
      parent.put("user", context.context().get("user"));
      parent.put("pack", context.action().pack());
      if (context.context().get("parent") != null) {
        parent.put("parent", context.context().get("parent"));
      }
      ctx.put("parent", parent);
      ctx.put("pack", context.action().pack());
      Map<String, Object> root = context.context().get("root") instanceof Map<?, ?> r
          ? new LinkedHashMap<>((Map<String, Object>) r) : Map.of("execution_id", context.executionId());
      ctx.put("root", root);
      Map<String, Object> orquesta = new LinkedHashMap<>();
      orquesta.put("workflow_execution_id", context.executionId());
      orquesta.put("task_execution_id", context.executionId() + ":" + d.task() + "__r" + d.route());
      orquesta.put("task_name", d.task());
      orquesta.put("task_id", d.task());
      orquesta.put("task_route", d.route());
      if (d.action().itemId() != null) {
        orquesta.put("item_id", d.action().itemId());
      }
      ctx.put("orquesta", orquesta);
      return ctx;
    }

    private void awaitCompletions() {
      if (active.isEmpty()) {
        long wait = scheduled.stream().mapToLong(Dispatch::dueNanos).min().orElse(0) - System.nanoTime();
        if (wait > 0) {
          sleep(Math.min(wait, POLL.toNanos()));
        }
        return;
      }
      service.awaitAny(active.keySet(), POLL);
      if (Thread.interrupted() && !canceling) {
        cancel();
      }
      boolean completed = false;
      for (String id : List.copyOf(active.keySet())) {
        Execution e = service.get(id);
        if (e.status().isTerminal()) {
          if (subPauses.containsKey(id)) {
            // resumed and ended between two looks: its task runs again before it completes
            followSubWorkflow(id, ExecutionStatus.RUNNING);
          }
          Dispatch d = active.remove(id);
          if (waiting.remove(id)) {
            answered();
          }
          complete(d, status(e.status()), e.resultValue());
          completed = true;
        } else if (e.status() == ExecutionStatus.PENDING && waiting.add(id)) {
          complete(active.get(id), Statuses.PENDING, e.result());
          completed = true;
        } else if (dev.squall.core.action.Runners.isWorkflow(e.runnerType())) {
          completed |= followSubWorkflow(id, e.status());
        }
      }
      // Saved with the tasks this starts, in the next round: until then a restart reads the
      // result again from the child, which is stored.
      unsaved |= completed;
      if (completed) {
        settlePausedWhileTasksWait();
      }
    }

    /**
     * A task waits on an inquiry, or a sub-workflow is paused, and nothing else runs: the
     * conductor has paused the workflow, and so does its execution ({@code pausing}, then
     * {@code paused}) until the answer comes or the sub-workflow resumes.
     */
    private void settlePausedWhileTasksWait() {
      if (!active.isEmpty() && Statuses.PAUSED.equals(conductor.workflowStatus())) {
        service.settle(context.executionId(), ExecutionStatus.RUNNING, ExecutionStatus.PAUSING);
        service.settle(context.executionId(), ExecutionStatus.PAUSING, ExecutionStatus.PAUSED);
      }
    }

    /**
     * An inquiry of one of its tasks was answered (or expired): as StackStorm's response does,
     * the workflow resumes first, then the task completes.
     */
    private void answered() {
      if (Statuses.PAUSE.contains(conductor.workflowStatus())) {
        conductor.requestWorkflowStatus(Statuses.RESUMING);
      }
      if (service.get(context.executionId()).status() == ExecutionStatus.PAUSED) {
        service.resume(context.executionId());
        service.settle(context.executionId(), ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
      }
    }

    private void complete(Dispatch d, String status, Object result) {
      if (d.action().itemId() == null) {
        conductor.updateTaskState(d.task(), d.route(), new ActionEvent(status, result));
        return;
      }
      List<Object> acc = itemResults.computeIfAbsent(d.task() + "__r" + d.route(), k -> {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < d.itemsCount(); i++) {
          l.add(null);
        }
        return l;
      });
      acc.set(d.action().itemId(), result);
      conductor.updateTaskState(d.task(), d.route(),
          new ItemEvent(d.action().itemId(), status, result, new ArrayList<>(acc)));
    }

    /**
     * As st2's orquesta runner: the workflow is canceling; its child workflows and the children
     * that have not started running are canceled, running actions finish (their tasks complete
     * as they end), and no task starts any more.
     */
    private void cancel() {
      canceling = true;
      conductor.requestWorkflowStatus(Statuses.CANCELING);
      for (String id : List.copyOf(active.keySet())) {
        Execution child = service.get(id);
        if (dev.squall.core.action.Runners.isWorkflow(child.runnerType()) || WAITING.contains(child.status())) {
          service.cancel(id);
        }
      }
    }
  }

  /** A child in one of these has not started running yet: a cancel stops it. */
  private static final Set<ExecutionStatus> WAITING = EnumSet.of(
      ExecutionStatus.REQUESTED, ExecutionStatus.SCHEDULED, ExecutionStatus.DELAYED);

  /** The orquesta status of a child execution's status. */
  static String status(ExecutionStatus s) {
    return switch (s) {
      case REQUESTED -> Statuses.REQUESTED;
      case SCHEDULED -> Statuses.SCHEDULED;
      case DELAYED -> Statuses.DELAYED;
      case RUNNING -> Statuses.RUNNING;
      case PENDING -> Statuses.PENDING;
      case PAUSING -> Statuses.PAUSING;
      case PAUSED -> Statuses.PAUSED;
      case RESUMING -> Statuses.RESUMING;
      case CANCELING -> Statuses.CANCELING;
      case SUCCEEDED -> Statuses.SUCCEEDED;
      case TIMEOUT -> Statuses.EXPIRED;
      case CANCELED -> Statuses.CANCELED;
      case ABANDONED -> Statuses.ABANDONED;
      default -> Statuses.FAILED;
    };
  }
}
