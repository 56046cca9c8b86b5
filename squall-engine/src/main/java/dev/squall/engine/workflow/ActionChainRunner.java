package dev.squall.engine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.chain.ActionChain;
import dev.squall.core.chain.ActionChain.Node;
import dev.squall.core.chain.ChainInspection;
import dev.squall.core.chain.ChainParser;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.SquallException;
import dev.squall.core.template.TemplateEngine;
import dev.squall.core.yaml.YamlReader;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.runner.Suspended;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * StackStorm's {@code action-chain} runner: the nodes of a chain run one at a time as child
 * executions, each followed by its {@code on-success} or {@code on-failure} node; parameters and
 * {@code publish} are Jinja over the chain's parameters, the results of the nodes run so far and
 * the chain's vars. The chain ends with the status of the last node it ran. Result:
 * {@code {tasks: [...], published: {...}}}, plus {@code error} when the chain could not go on.
 * As StackStorm's, a chain pauses ({@code PUT} status {@code pausing}: once its running node
 * ends) and resumes; a node whose child waits (an inquiry's {@code pending}, a paused
 * sub-workflow) pauses the chain until that child goes on or ends, and the chain then goes on
 * from that node with its result. Its state is stored at each step, as an orquesta workflow's,
 * so a restart continues it, paused or not.
 */
public final class ActionChainRunner implements Runner {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(20);
  /** How often a chain reads the store for a pause, resume or cancel asked through another node. */
  private static final Duration STORE_POLL = Duration.ofMillis(250);

  private final Supplier<ExecutionService> executions;
  private final TemplateEngine templates;
  private final ChainParser parser;

  public ActionChainRunner(Supplier<ExecutionService> executions, TemplateEngine templates) {
    this.executions = executions;
    this.templates = templates;
    this.parser = new ChainParser(templates);
  }

  @Override
  public String name() {
    return "action-chain";
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
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tasks", new ArrayList<Map<String, Object>>());
    boolean display = !Boolean.FALSE.equals(context.parameters().get("display_published"));
    if (display) {
      result.put("published", new LinkedHashMap<String, Object>());
    }
    ActionChain chain;
    try {
      switch (parser.inspect(YamlReader.readOrBadRequest(OrquestaRunner.workflowFile(context.action())))) {
        case ChainInspection.Valid v -> chain = v.chain();
        case ChainInspection.Invalid bad -> {
          result.put("error", bad.summary());
          return new RunnerResult(ExecutionStatus.FAILED, result);
        }
      }
    } catch (SquallException | java.io.UncheckedIOException e) {
      result.put("error", e.getMessage());
      return new RunnerResult(ExecutionStatus.FAILED, result);
    }
    ExecutionService service = executions.get();
    Optional<Map<String, Object>> stored = service.workflowStates().find(context.executionId());
    if (stored.isPresent()) { // a restart: go on from the last recorded step
      return Run.restore(this, service, context, chain, stored.get()).drive();
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    try {
      Map<String, Object> varsCtx = new LinkedHashMap<>(context.parameters());
      for (Map.Entry<String, Object> v : chain.vars().entrySet()) {
        vars.put(v.getKey(), render(v.getValue(), varsCtx, "vars", v.getKey(), "action"));
      }
    } catch (ChainError e) {
      result.put("error", e.getMessage());
      return new RunnerResult(ExecutionStatus.FAILED, result);
    }
    Node start = chain.start();
    return new Run(this, service, context, chain, result, vars, start == null ? null : start.name()).drive();
  }

  /**
   * One chain run, on the runner's thread: a node at a time, its child awaited while the chain
   * follows its own status (pausing, resuming, another node's requests). A child that waits
   * ({@code pending}: an inquiry; {@code paused}: a sub-workflow) pauses the chain; the chain
   * resumes when that child goes on or ends, and goes on from that node with its result. After
   * each step the run stores its state ({@link #save}), so a restart continues it, paused or not.
   */
  private static final class Run {
    private final ActionChainRunner runner;
    private final ExecutionService service;
    private final RunContext context;
    private final ActionChain chain;
    private final Map<String, Object> result;
    private final Map<String, Object> vars;
    /** The results of the nodes run so far, by node name: what templates see. */
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final boolean sealed;
    /** The status of the last node that ended (the chain's, when it ends). */
    private ExecutionStatus status = ExecutionStatus.FAILED;
    /** The node to run next; null: the chain ends once no child is active. */
    private String next;
    /** The active child and its node, or null. */
    private String child;
    private String childNode;
    /** The active child waits (pending or paused), and the chain paused for it. */
    private boolean waiting;
    /** A pause of the chain was passed down to its active child workflow. */
    private boolean pausedChild;
    private final OwnStatus own;

    Run(ActionChainRunner runner, ExecutionService service, RunContext context, ActionChain chain,
        Map<String, Object> result, Map<String, Object> vars, String next) {
      this.runner = runner;
      this.service = service;
      this.context = context;
      this.chain = chain;
      this.result = result;
      this.vars = vars;
      this.next = next;
      this.own = new OwnStatus(service, context.executionId());
      Execution self = service.get(context.executionId());
      this.sealed = !self.secretParameters().isEmpty() || !self.secretTexts().isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Run restore(ActionChainRunner runner, ExecutionService service, RunContext context,
        ActionChain chain, Map<String, Object> stored) {
      Run run = new Run(runner, service, context, chain,
          new LinkedHashMap<>((Map<String, Object>) stored.get("result")),
          new LinkedHashMap<>((Map<String, Object>) stored.get("vars")), (String) stored.get("next"));
      run.results.putAll((Map<String, Object>) stored.get("results"));
      run.status = ExecutionStatus.fromWire((String) stored.get("status"));
      run.child = (String) stored.get("child");
      run.childNode = (String) stored.get("child_node");
      run.waiting = Boolean.TRUE.equals(stored.get("waiting"));
      return run;
    }

    /** Records the run's state in the store (the same table as orquesta's). */
    private void save() {
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("result", result);
      state.put("vars", vars);
      state.put("results", results);
      state.put("status", status.wire());
      state.put("next", next);
      state.put("child", child);
      state.put("child_node", childNode);
      state.put("waiting", waiting);
      service.workflowStates().save(context.executionId(), state, sealed);
    }

    RunnerResult drive() {
      save();
      while (true) {
        if (Thread.interrupted()) {
          return canceled();
        }
        if (service.stopping()) {
          // The state is stored: the next start continues from here (a running child finishes
          // or is abandoned meanwhile, and the chain routes that as the node's failure).
          throw new Suspended(context.executionId());
        }
        ExecutionStatus self = follow();
        if (child != null) {
          awaitChild(self);
          if (Thread.interrupted()) {
            return canceled();
          }
          if (child == null && status == ExecutionStatus.CANCELED) {
            return end(ExecutionStatus.CANCELED);
          }
          continue;
        }
        if (next == null) {
          return end(status);
        }
        if (self == ExecutionStatus.PAUSING) {
          service.settle(context.executionId(), ExecutionStatus.PAUSING, ExecutionStatus.PAUSED);
        }
        if (self == ExecutionStatus.PAUSING || self == ExecutionStatus.PAUSED) {
          sleep(POLL);
          continue;
        }
        try {
          submit(chain.find(next));
        } catch (ChainError e) {
          result.put("error", e.getMessage());
          next = null;
          return end(ExecutionStatus.FAILED);
        }
        save();
      }
    }

    /**
     * The chain's status as its runner follows it: a pause or resume asked here or (read from
     * the store now and then) through another node. A resume takes the chain back to running
     * and passes the resume down to a paused child workflow.
     */
    private ExecutionStatus follow() {
      ExecutionStatus self = own.read();
      if (self == ExecutionStatus.RESUMING) {
        if (child != null && service.get(child).status() == ExecutionStatus.PAUSED
            && pausable(service.get(child))) {
          try {
            service.resume(child);
          } catch (BadRequestException raced) {
            // it moved on meanwhile: seen on the next round
          }
        }
        pausedChild = false;
        service.settle(context.executionId(), ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
        self = service.get(context.executionId()).status();
      }
      return self;
    }

    private boolean pausable(Execution e) {
      return dev.squall.core.action.Runners.isWorkflow(e.runnerType());
    }

    /** One wait on the active child, then what its status means for the chain. */
    private void awaitChild(ExecutionStatus self) {
      if (waiting) {
        sleep(STORE_POLL); // an answer may take hours: its end is read from the store
      } else {
        service.awaitAny(List.of(child), POLL);
      }
      Execution c = service.get(child);
      ExecutionStatus s = c.status();
      if (s.isTerminal()) {
        completed(c);
        save();
      } else if (s == ExecutionStatus.PENDING || s == ExecutionStatus.PAUSED) {
        // st2: a pending (inquiry) or paused child pauses the chain, its vars kept.
        if (!waiting) {
          waiting = true;
          save();
        }
        if (self == ExecutionStatus.RUNNING) {
          service.settle(context.executionId(), ExecutionStatus.RUNNING, ExecutionStatus.PAUSING);
          self = ExecutionStatus.PAUSING;
        }
        if (self == ExecutionStatus.PAUSING) {
          service.settle(context.executionId(), ExecutionStatus.PAUSING, ExecutionStatus.PAUSED);
        }
      } else if (waiting) { // a child workflow went on by itself (its own inquiry answered)
        waiting = false;
        resumeSelf();
        save();
      } else if (self == ExecutionStatus.PAUSING && !pausedChild && s == ExecutionStatus.RUNNING
          && pausable(c)) {
        pausedChild = true; // st2 passes a chain's pause down to its running child workflow
        try {
          service.pause(child);
        } catch (BadRequestException raced) {
          // it ended meanwhile
        }
      }
    }

    /** The active child ended: its result, publish, its task entry and the next node. */
    @SuppressWarnings("unchecked")
    private void completed(Execution c) {
      Node node = chain.find(childNode);
      Object value = c.resultValue();
      if (waiting && value instanceof Map<?, ?> m && !m.containsKey("result")) {
        // st2 rebuilds a resumed node's result with the answer under "result" as well
        // ({{ task1.result.response.x }}, its inquiry example); {{ task1.response.x }} works too.
        Map<String, Object> both = new LinkedHashMap<>((Map<String, Object>) m);
        both.put("result", m);
        value = both;
      }
      results.put(node.name(), value);
      tasks().add(task(node, c));
      boolean resumed = waiting;
      child = null;
      childNode = null;
      waiting = false;
      pausedChild = false;
      status = c.status() == ExecutionStatus.ABANDONED ? ExecutionStatus.FAILED : c.status();
      try {
        if (!node.publish().isEmpty() && c.status() != ExecutionStatus.CANCELED) { // canceled: it stops
          Map<String, Object> pctx = renderContext(context, results, vars);
          pctx.put(node.name(), value);
          for (Map.Entry<String, Object> p : node.publish().entrySet()) {
            Object v = runner.render(p.getValue(), pctx, node.name(), p.getKey(), "publish");
            vars.put(p.getKey(), v);
            if (result.get("published") instanceof Map<?, ?> published) {
              ((Map<String, Object>) published).put(p.getKey(), v);
            }
          }
        }
        Node after = switch (c.status()) {
          case SUCCEEDED -> chain.find(node.onSuccess());
          case FAILED, TIMEOUT, ABANDONED -> chain.find(node.onFailure());
          default -> null; // canceled: the chain stops
        };
        next = after == null ? null : after.name();
      } catch (ChainError e) {
        result.put("error", e.getMessage());
        status = ExecutionStatus.FAILED;
        next = null;
      }
      if (resumed) {
        resumeSelf(); // as an answered inquiry resumes st2's root: the chain goes on
      }
    }

    /** The chain was paused for its child, which went on: it runs again. */
    private void resumeSelf() {
      ExecutionStatus self = service.get(context.executionId()).status();
      if (self == ExecutionStatus.PAUSED) {
        try {
          service.resume(context.executionId());
        } catch (BadRequestException raced) {
          return; // canceled meanwhile
        }
      }
      service.settle(context.executionId(), ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
    }

    private void submit(Node node) throws ChainError {
      Map<String, Object> ctx = renderContext(context, results, vars);
      Map<String, Object> params = new LinkedHashMap<>();
      for (Map.Entry<String, Object> p : node.parameters().entrySet()) {
        params.put(p.getKey(), runner.render(p.getValue(), ctx, node.name(), p.getKey(), "action"));
      }
      try {
        child = service.submit(node.ref(), params, childContext(context, node)).id();
        childNode = node.name();
        next = null;
      } catch (SquallException e) {
        throw new ChainError("Failed to run task \"" + node.name() + "\". " + e.getMessage());
      }
    }

    /** Canceled: its active child is canceled, awaited a while and recorded. */
    private RunnerResult canceled() {
      if (child != null) {
        service.cancel(child);
        Execution c = service.await(child, Duration.ofSeconds(30));
        if (c.status().isTerminal()) {
          tasks().add(task(chain.find(childNode), c));
        }
      }
      return end(ExecutionStatus.CANCELED);
    }

    private RunnerResult end(ExecutionStatus s) {
      ExecutionStatus self = service.get(context.executionId()).status();
      if (s == ExecutionStatus.CANCELED) {
        if (self != ExecutionStatus.RUNNING && self != ExecutionStatus.CANCELING) {
          service.cancel(context.executionId()); // pausing, paused or resuming ends by way of canceling
        }
      } else if (self == ExecutionStatus.PAUSED) {
        resumeSelf(); // a paused execution ends only by way of running again
      }
      return new RunnerResult(s, result);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> tasks() {
      return (List<Map<String, Object>>) result.get("tasks");
    }

    private void sleep(Duration d) {
      try {
        Thread.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A fault of the chain itself (definition, rendering), reported as the result's {@code error}. */
  private static final class ChainError extends Exception {
    ChainError(String message) {
      super(message);
    }
  }

  private static Map<String, Object> renderContext(RunContext context, Map<String, Object> results,
      Map<String, Object> vars) {
    Map<String, Object> ctx = new LinkedHashMap<>(context.parameters());
    ctx.putAll(results);
    ctx.putAll(vars);
    ctx.put("__results", results);
    Map<String, Object> parent = new LinkedHashMap<>(context.context());
    parent.put("execution_id", context.executionId());
    ctx.put("action_context", Map.of("parent", parent));
    return ctx;
  }

  private static Map<String, Object> childContext(RunContext context, Node node) {
    Map<String, Object> ctx = new LinkedHashMap<>(context.context());
    ctx.remove("chain");
    ctx.remove("orquesta");
    ctx.remove("notify"); // the chain notifies when it ends, its nodes do not (StackStorm's default)
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("execution_id", context.executionId());
    parent.put("user", context.context().get("user"));
    parent.put("pack", context.action().pack());
    if (context.context().get("parent") != null) {
      parent.put("parent", context.context().get("parent"));
    }
    ctx.put("parent", parent);
    ctx.put("chain", Map.of("name", node.name(), "ref", node.ref()));
    return ctx;
  }

  /**
   * st2's {@code render_values}: a map or list is rendered as its JSON text and read back; other
   * values as their text; an unchanged text keeps the value as it was, a changed one is a string.
   */
  private Object render(Object value, Map<String, Object> ctx, String task, String name, String kind)
      throws ChainError {
    try {
      if (value instanceof Map<?, ?> || value instanceof List<?>) {
        String text = JSON.writeValueAsString(value);
        String out = templates.renderStrict(text, ctx);
        return out.equals(text) ? value : JSON.readValue(out, Object.class);
      }
      if (value == null) {
        return null;
      }
      String text = value instanceof String s ? s : String.valueOf(value);
      String out = templates.renderStrict(text, ctx);
      return out.equals(text) ? value : out;
    } catch (SquallException | JsonProcessingException e) {
      throw new ChainError("Failed to run task \"" + task + "\". Parameter rendering failed. "
          + "Failed rendering value for " + kind + " parameter \"" + name + "\" in task \"" + task
          + "\" (template string=" + value + "): " + e.getMessage());
    }
  }

  private static Map<String, Object> task(Node node, Execution done) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", node.name());
    t.put("name", node.name());
    t.put("execution_id", done.id());
    t.put("liveaction_id", done.id());
    t.put("workflow", null);
    t.put("created_at", String.valueOf(done.startTimestamp()));
    t.put("updated_at", String.valueOf(done.endTimestamp()));
    t.put("state", done.status().wire());
    t.put("result", done.resultValue());
    return t;
  }
}
