package dev.squall.core.orquesta;

import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.StackStormFunctions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The functions StackStorm's orquesta runner adds to orquesta's
 * ({@code contrib/runners/orquesta_runner/setup.py}): {@code task()}, {@code st2kv()}, and the
 * functions of {@code st2common/expressions/functions} ({@code json_parse}, {@code regex_match},
 * {@code version_compare}...), which run the one implementation the template filters have
 * ({@link StackStormFunctions}). Independent of the language that calls them.
 */
public final class St2Functions {

  /** Each function of {@code st2common/expressions/functions}, by its orquesta name → its filter. */
  static final Map<String, String> FILTERS;

  static {
    Map<String, String> m = new TreeMap<>();
    for (String same : List.of("basename", "dirname", "from_json_string", "from_yaml_string",
        "json_escape", "json_parse", "jsonpath_query", "regex_match", "regex_replace", "regex_search",
        "regex_substring", "to_human_time_from_seconds", "to_json_string", "to_yaml_string", "use_none",
        "version_compare", "version_more_than", "version_less_than", "version_equal", "version_match",
        "version_bump_major", "version_bump_minor", "version_bump_patch", "version_strip_patch")) {
      m.put(same, same);
    }
    m.put("json_dump", "to_json_string");
    m.put("yaml_dump", "to_yaml_string");
    m.put("yaml_parse", "from_yaml_string");
    m.values().forEach(f -> {
      if (!StackStormFunctions.exists(f)) {
        throw new IllegalStateException("no StackStorm filter " + f);
      }
    });
    FILTERS = java.util.Collections.unmodifiableMap(m);
  }

  private St2Functions() {}

  /** {@code name(args..., kwargs...)} for one of {@link #FILTERS}. */
  static Object call(String name, List<Object> args, Map<String, Object> kwargs) {
    return StackStormFunctions.call(name, FILTERS.get(name), args, kwargs);
  }

  /**
   * {@code st2kv(key, decrypt=false, default=...)}: the datastore value of {@code system.<key>}
   * or of the workflow user's own {@code <key>}. A secret comes back as stored (encrypted) unless
   * {@code decrypt} is true; a missing key is an error unless a default is given.
   */
  static Object st2kv(Map<String, Object> data, WorkflowRuntime runtime, List<Object> args,
      Map<String, Object> kwargs) {
    if (args.size() != 1) {
      throw Expressions.failure("TypeError", "st2kv() takes one key, and the keywords decrypt and default; got "
          + args.size() + " positional arguments.");
    }
    if (!(args.getFirst() instanceof String key)) {
      throw Expressions.failure("TypeError", "Given key is not typeof string.");
    }
    Object decrypt = kwargs.getOrDefault("decrypt", false);
    if (!(decrypt instanceof Boolean decrypting)) {
      throw Expressions.failure("TypeError", "Decrypt parameter is not typeof bool.");
    }
    if (runtime == null) {
      throw Expressions.failure("ExpressionEvaluationException", "st2kv('" + key + "') reads the"
          + " datastore of a running Squall server; there is none here (a rehearsal or an inspection"
          + " runs offline).");
    }
    String user = st2(data).get("user") instanceof String u ? u : null;
    boolean system = key.startsWith("system.");
    if (user == null && !system) { // a run for no user reads system keys only
      throw Expressions.failure("KeyError", "Could not get user from context: st2kv('" + key
          + "') reads a key of the workflow's user; a system key is st2kv('system." + key + "').");
    }
    String name = system ? key.substring("system.".length()) : key;
    KeyValueLookup datastore = runtime.datastore(user);
    Optional<String> stored = datastore.get(system ? "system" : "user", name);
    if (stored.isEmpty()) {
      if (kwargs.containsKey("default")) {
        return kwargs.get("default");
      }
      throw Expressions.failure("ExpressionEvaluationException", "The key \"" + (system ? name : user + ":" + name)
          + "\" does not exist in the StackStorm datastore.");
    }
    if (!decrypting) {
      return stored.get();
    }
    return datastore.decrypt(stored.get()).orElseThrow(() -> Expressions.failure(
        "ExpressionEvaluationException", "st2kv('" + key + "', decrypt=true): the value is not an"
            + " encrypted datastore secret; decrypt takes a key stored with secret=true."));
  }

  /**
   * {@code task(name=current, route=current)}: the task execution record of that task (the
   * latest, after retries), as StackStorm's {@code format_task_result} gives it: {@code
   * task_execution_id, workflow_execution_id, task_name, task_id, route, result, status,
   * start_timestamp, end_timestamp}. A with-items task's result is {@code {items: [{status,
   * result}...]}}, as StackStorm records it.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> task(Map<String, Object> data, WorkflowRuntime runtime, Object name, Object route) {
    Map<String, Object> current = data != null && data.get("__current_task") instanceof Map<?, ?> m
        ? (Map<String, Object>) m : Map.of();
    if (name == null && current.get("id") == null) {
      throw Expressions.failure("ExpressionEvaluationException",
          "task() without a task name reads the current task, and there is none here.");
    }
    String taskId = name == null ? String.valueOf(current.get("id")) : String.valueOf(name);
    int r;
    if (route == null) {
      r = current.get("route") instanceof Number n ? n.intValue() : 0;
    } else if (route instanceof Number n) {
      r = n.intValue();
    } else {
      throw Expressions.failure("TypeError", "The route of task() is not typeof int.");
    }
    if (runtime == null) {
      throw Expressions.failure("ExpressionEvaluationException", "task('" + taskId + "') reads the"
          + " task executions of a running Squall server; there are none here (a rehearsal or an"
          + " inspection runs offline).");
    }
    WorkflowState state = data.get("__state") instanceof WorkflowState s ? s : null;
    Map<String, Object> entry = state == null ? null : entry(state, taskId, r);
    if (entry == null) {
      throw Expressions.failure("ExpressionEvaluationException",
          "Unable to find task execution for \"" + taskId + "\".");
    }
    int entryRoute = entry.get("route") instanceof Number n ? n.intValue() : r;
    Map<String, Object> st2 = st2(data);
    Object wf = st2.getOrDefault("workflow_execution_id", st2.get("action_execution_id"));
    String workflowId = wf == null ? null : wf.toString();
    List<WorkflowRuntime.TaskAction> actions = workflowId == null ? List.of()
        : runtime.actions(workflowId, taskId, entryRoute);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_execution_id", workflowId + ":" + taskId + "__r" + entryRoute);
    out.put("workflow_execution_id", workflowId);
    out.put("task_name", taskId);
    out.put("task_id", taskId);
    out.put("route", (long) entryRoute);
    out.put("result", result(actions));
    out.put("status", entry.get("status"));
    out.put("start_timestamp", pythonStr(actions.stream().map(WorkflowRuntime.TaskAction::start)
        .filter(java.util.Objects::nonNull).min(Comparator.naturalOrder()).orElse(null)));
    boolean running = actions.stream().anyMatch(a -> a.end() == null);
    out.put("end_timestamp", running ? "None" : pythonStr(actions.stream().map(WorkflowRuntime.TaskAction::end)
        .max(Comparator.naturalOrder()).orElse(null)));
    return out;
  }

  /** The task's state entry on {@code route}, or on the earlier route it split from (st2's rule). */
  private static Map<String, Object> entry(WorkflowState state, String taskId, int route) {
    Integer idx = state.tasks.get(WorkflowState.key(taskId, route));
    if (idx != null) {
      return state.sequence.get(idx);
    }
    if (route > 0 && route < state.routes.size()) {
      List<String> currentRoute = state.routes.get(route);
      for (int prev = route - 1; prev >= 0; prev--) {
        if (currentRoute.containsAll(state.routes.get(prev))) {
          return entry(state, taskId, prev);
        }
      }
    }
    return null;
  }

  /** One action's result; with items, each item's latest {status, result} in item order. */
  private static Object result(List<WorkflowRuntime.TaskAction> actions) {
    if (actions.isEmpty()) {
      return null;
    }
    if (actions.stream().allMatch(a -> a.itemId() == null)) {
      return actions.getLast().result();
    }
    int count = actions.stream().mapToInt(a -> a.itemId() == null ? 0 : a.itemId() + 1).max().orElse(0);
    List<Object> items = new ArrayList<>(java.util.Collections.nCopies(count, null));
    for (WorkflowRuntime.TaskAction a : actions) { // oldest first: a retry's replaces the earlier one
      if (a.itemId() != null) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("status", a.status());
        item.put("result", a.result());
        items.set(a.itemId(), item);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> st2(Map<String, Object> data) {
    return data != null && data.get("st2") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** Python's {@code str()} of a UTC datetime: {@code 2019-02-05 22:32:40.123456+00:00}; None when unset. */
  static String pythonStr(Instant t) {
    if (t == null) {
      return "None";
    }
    int micros = t.getNano() / 1000;
    return SECONDS.format(t) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
  }
}
