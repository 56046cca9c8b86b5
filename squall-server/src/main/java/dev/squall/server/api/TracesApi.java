package dev.squall.server.api;

import dev.squall.core.error.NotFoundException;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.rules.RuleEnforcement;
import dev.squall.engine.rules.RulesEngine;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.server.http.Access;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/traces}: what one event caused, as StackStorm's traces show it. Squall does not
 * store traces apart: they are read from what the store already links. A trigger instance starts
 * a trace (its id is the trace's), with the rules it fired and their executions; an execution
 * started by hand (API, CLI, chat) starts its own; children join their parent's trace. The
 * {@code trace_tag} is the one given with {@code POST /executions} ({@code trace_tag}), else the
 * trigger instance's or execution's id.
 */
public final class TracesApi implements Resource {

  /** The trace tag a caller gives an execution is kept in its context, as StackStorm does. */
  public static final String TRACE_CONTEXT = "trace_context";

  private final RulesEngine rules;
  private final ExecutionService executions;

  public TracesApi(RulesEngine rules, ExecutionService executions) {
    this.rules = rules;
    this.executions = executions;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/traces", Access.USER, this::list);
    routes.get("/traces/{id}", Access.USER, ctx -> ctx.json(trace(ctx.pathParam("id"))
        .orElseThrow(() -> new NotFoundException("Trace with id \"" + ctx.pathParam("id") + "\" not found"))));
  }

  private void list(Context ctx) {
    Paging paging = Paging.of(ctx);
    List<Map<String, Object>> traces = new ArrayList<>();
    String execution = ctx.queryParam("execution");
    String instance = ctx.queryParam("trigger_instance");
    String rule = ctx.queryParam("rule");
    if (execution != null) {
      trace(root(executions.get(execution))).ifPresent(traces::add);
    } else if (instance != null) {
      trace(instance).ifPresent(traces::add);
    } else if (rule != null) {
      rules.enforcements(rule, null, 0).stream().map(RuleEnforcement::triggerInstanceId).distinct()
          .map(this::trace).flatMap(Optional::stream).forEach(traces::add);
    } else {
      int wanted = paging.all() ? 0 : paging.offset() + paging.limit();
      rules.instances(null, wanted).forEach(ti -> traces.add(ofInstance(ti)));
      executions.list(ExecutionQuery.all().withoutParent().page(0, wanted)).items().stream()
          .filter(e -> triggerInstanceOf(e) == null).forEach(e -> traces.add(ofExecution(e)));
      traces.sort(Comparator.comparing((Map<String, Object> t) -> (String) t.get("start_timestamp")).reversed());
    }
    String tag = ctx.queryParam("trace_tag");
    if (tag != null) {
      traces.removeIf(t -> !tag.equals(t.get("trace_tag")));
    }
    ctx.json(paging.page(traces, ctx));
  }

  /** The trace of that id: a trigger instance's or a hand-started execution's. */
  private Optional<Map<String, Object>> trace(String id) {
    try {
      return Optional.of(ofInstance(rules.instance(id)));
    } catch (NotFoundException notAnInstance) {
      // then perhaps an execution started by hand
    }
    try {
      Execution e = executions.get(id);
      return e.context().get("parent") == null && triggerInstanceOf(e) == null
          ? Optional.of(ofExecution(e)) : Optional.empty();
    } catch (NotFoundException neither) {
      return Optional.empty();
    }
  }

  /** The id of the trace an execution belongs to: its top ancestor's trigger instance, or that ancestor. */
  private String root(Execution e) {
    Execution top = e;
    for (int depth = 0; depth < 100; depth++) {
      Object parent = top.context().get("parent");
      String parentId = parent instanceof Map<?, ?> m && m.get("execution_id") != null
          ? m.get("execution_id").toString() : null;
      if (parentId == null) {
        break;
      }
      top = executions.get(parentId);
    }
    String ti = triggerInstanceOf(top);
    return ti != null ? ti : top.id();
  }

  private Map<String, Object> ofInstance(TriggerInstance ti) {
    List<Map<String, Object>> ruleParts = new ArrayList<>();
    List<Map<String, Object>> executionParts = new ArrayList<>();
    for (RuleEnforcement re : rules.enforcements(null, ti.id(), 0)) {
      ruleParts.add(component(re.ruleRef(), re.ruleRef(), re.enforcedAt(), "trigger_instance", ti.id()));
      if (re.executionId() != null) {
        withChildren(executions.get(re.executionId()), "rule", re.ruleRef() + ":" + ti.id(), executionParts);
      }
    }
    return trace(ti.id(), ti.id(), ti.occurrenceTime(),
        List.of(component(ti.id(), ti.triggerRef(), ti.occurrenceTime(), null, null)), ruleParts, executionParts);
  }

  private Map<String, Object> ofExecution(Execution e) {
    List<Map<String, Object>> executionParts = new ArrayList<>();
    withChildren(e, null, null, executionParts);
    String tag = e.context().get(TRACE_CONTEXT) instanceof Map<?, ?> tc && tc.get("trace_tag") != null
        ? tc.get("trace_tag").toString() : e.id();
    return trace(e.id(), tag, e.startTimestamp(), List.of(), List.of(), executionParts);
  }

  private void withChildren(Execution e, String causeType, String causeId, List<Map<String, Object>> out) {
    out.add(component(e.id(), e.actionRef(), e.startTimestamp(), causeType, causeId));
    if (out.size() > 1000) {
      return; // a runaway workflow: the first thousand steps tell the story
    }
    for (Execution child : executions.list(ExecutionQuery.all().withParentId(e.id()).page(0, 0)).items()) {
      withChildren(child, "action_execution", e.id(), out);
    }
  }

  private static Map<String, Object> trace(String id, String tag, Instant start, List<Map<String, Object>> instances,
      List<Map<String, Object>> ruleParts, List<Map<String, Object>> executionParts) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", id);
    t.put("uid", "trace:" + tag);
    t.put("trace_tag", tag);
    t.put("start_timestamp", ExecutionView.time(start));
    t.put("trigger_instances", instances);
    t.put("rules", ruleParts);
    t.put("action_executions", executionParts);
    return t;
  }

  private static Map<String, Object> component(String id, String ref, Instant at, String causeType, String causeId) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("object_id", id);
    c.put("ref", ref);
    c.put("updated_at", ExecutionView.time(at));
    c.put("caused_by", causeType == null ? Map.of() : Map.of("type", causeType, "id", causeId));
    return c;
  }

  private static String triggerInstanceOf(Execution e) {
    return e.context().get("trigger_instance") instanceof Map<?, ?> m && m.get("id") != null
        ? m.get("id").toString() : null;
  }
}
