package dev.squall.engine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.chain.ActionChain;
import dev.squall.core.chain.ActionChain.Node;
import dev.squall.core.chain.ChainInspection;
import dev.squall.core.chain.ChainParser;
import dev.squall.core.error.SquallException;
import dev.squall.core.template.TemplateEngine;
import dev.squall.core.yaml.YamlReader;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * StackStorm's {@code action-chain} runner: the nodes of a chain run one at a time as child
 * executions, each followed by its {@code on-success} or {@code on-failure} node; parameters and
 * {@code publish} are Jinja over the chain's parameters, the results of the nodes run so far and
 * the chain's vars. The chain ends with the status of the last node it ran. Result:
 * {@code {tasks: [...], published: {...}}}, plus {@code error} when the chain could not go on.
 */
public final class ActionChainRunner implements Runner {

  private static final ObjectMapper JSON = new ObjectMapper();

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
  public RunnerResult run(RunContext context) {
    Map<String, Object> result = new LinkedHashMap<>();
    List<Map<String, Object>> tasks = new ArrayList<>();
    Map<String, Object> published = new LinkedHashMap<>();
    result.put("tasks", tasks);
    boolean display = !Boolean.FALSE.equals(context.parameters().get("display_published"));
    if (display) {
      result.put("published", published);
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
    Map<String, Object> vars = new LinkedHashMap<>();
    Map<String, Object> results = new LinkedHashMap<>();
    ExecutionStatus status = ExecutionStatus.FAILED;
    try {
      Map<String, Object> varsCtx = new LinkedHashMap<>(context.parameters());
      for (Map.Entry<String, Object> v : chain.vars().entrySet()) {
        vars.put(v.getKey(), render(v.getValue(), varsCtx, "vars", v.getKey()));
      }
      Node node = chain.start();
      while (node != null) {
        Map<String, Object> ctx = renderContext(context, results, vars);
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : node.parameters().entrySet()) {
          params.put(p.getKey(), render(p.getValue(), ctx, node.name(), p.getKey()));
        }
        Execution child;
        try {
          child = executions.get().submit(node.ref(), params, childContext(context, node));
        } catch (SquallException e) {
          throw new ChainError("Failed to run task \"" + node.name() + "\". " + e.getMessage());
        }
        Execution done = awaitChild(child.id());
        results.put(node.name(), done.resultValue());
        if (!node.publish().isEmpty()) {
          Map<String, Object> pctx = renderContext(context, results, vars);
          pctx.put(node.name(), done.resultValue());
          for (Map.Entry<String, Object> p : node.publish().entrySet()) {
            Object v = render(p.getValue(), pctx, node.name(), p.getKey());
            vars.put(p.getKey(), v);
            published.put(p.getKey(), v);
          }
        }
        tasks.add(task(node, done));
        status = done.status();
        node = switch (done.status()) {
          case SUCCEEDED -> chain.find(node.onSuccess());
          case FAILED, TIMEOUT, ABANDONED -> chain.find(node.onFailure());
          default -> null; // canceled: the chain stops
        };
        if (Thread.currentThread().isInterrupted()) {
          status = ExecutionStatus.CANCELED;
          break;
        }
      }
    } catch (ChainError e) {
      result.put("error", e.getMessage());
      status = ExecutionStatus.FAILED;
    } catch (InterruptedException e) {
      status = ExecutionStatus.CANCELED;
    }
    return new RunnerResult(status, result);
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

  private Execution awaitChild(String id) throws InterruptedException {
    ExecutionService service = executions.get();
    while (true) {
      Execution e = service.await(id, Duration.ofMillis(200));
      if (e.status().isTerminal()) {
        return e;
      }
      if (Thread.interrupted()) {
        service.cancel(id);
        service.await(id, Duration.ofSeconds(30));
        throw new InterruptedException();
      }
    }
  }

  /**
   * st2's {@code render_values}: a map or list is rendered as its JSON text and read back; other
   * values as their text; an unchanged text keeps the value as it was, a changed one is a string.
   */
  private Object render(Object value, Map<String, Object> ctx, String task, String name)
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
          + "Failed rendering value for action parameter \"" + name + "\" in task \"" + task
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
