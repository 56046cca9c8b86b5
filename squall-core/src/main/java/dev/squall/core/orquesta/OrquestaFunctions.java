package dev.squall.core.orquesta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orquesta's own expression functions ({@code orquesta/expressions/functions/}), independent of
 * the language that calls them: each reads the evaluation data (the context with
 * {@code __current_task}, {@code __current_item} and {@code __state}).
 */
public final class OrquestaFunctions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OrquestaFunctions() {}

  /** {@code ctx()}: every variable but the {@code __} ones; {@code ctx(name)}: that variable. */
  public static Object ctx(Map<String, Object> data, Object key) {
    Map<String, Object> vars = data == null ? Map.of() : data;
    if (key != null && !"".equals(key)) {
      String name = String.valueOf(key);
      if (!vars.containsKey(name)) {
        throw Expressions.failure("VariableUndefinedError", "The variable \"" + name + "\" is undefined.");
      }
      if (name.startsWith("__")) {
        throw Expressions.failure("VariableInaccessibleError",
            "The variable \"" + name + "\" is for internal use and inaccessible.");
      }
      return vars.get(name);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    vars.forEach((k, v) -> {
      if (!k.startsWith("__")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** {@code result()}: the current task's result. */
  public static Object result(Map<String, Object> data) {
    return currentTask(data).get("result");
  }

  public static boolean succeeded(Map<String, Object> data) {
    return Statuses.SUCCEEDED.equals(currentStatus(data));
  }

  public static boolean failed(Map<String, Object> data) {
    return Statuses.FAILED.equals(currentStatus(data));
  }

  public static boolean completed(Map<String, Object> data) {
    return Statuses.isCompleted(currentStatus(data));
  }

  /**
   * {@code task_status(name[, route])}: that task's status on the route (the current task's by
   * default), looking at earlier routes the route came from; "null" if it never ran.
   */
  public static String taskStatus(Map<String, Object> data, String taskId, Integer route) {
    if (data == null) {
      return Statuses.UNSET;
    }
    if (route == null) {
      Object current = data.get("__current_task");
      route = current instanceof Map<?, ?> m && m.get("route") instanceof Number n ? n.intValue() : 0;
    }
    if (!(data.get("__state") instanceof WorkflowState state)) {
      return Statuses.UNSET;
    }
    Integer idx = state.tasks.get(WorkflowState.key(taskId, route));
    if (idx == null) {
      if (route > 0) {
        List<String> currentRoute = state.routes.get(route);
        for (int prev = route - 1; prev >= 0; prev--) {
          if (currentRoute.containsAll(state.routes.get(prev))) {
            return taskStatus(data, taskId, prev);
          }
        }
      }
      return Statuses.UNSET;
    }
    Object status = state.sequence.get(idx).get("status");
    return status == null ? Statuses.UNSET : (String) status;
  }

  /** {@code item()} / {@code item(key)}: the current with-items item or one of its keys. */
  public static Object item(Map<String, Object> data, Object key) {
    if (data == null) {
      throw Expressions.failure("ExpressionEvaluationException", "The context is not set.");
    }
    Object item = data.get("__current_item");
    if (key == null || "".equals(key)) {
      return item;
    }
    if (!(item instanceof Map<?, ?> m)) {
      throw Expressions.failure("ExpressionEvaluationException",
          "Item is not type of collections.abc.Mapping.");
    }
    if (!m.containsKey(String.valueOf(key))) {
      throw Expressions.failure("ExpressionEvaluationException", "Item does not have key \"" + key + "\".");
    }
    return m.get(String.valueOf(key));
  }

  /** {@code json(s)}: parses a JSON string (a map passes through). */
  public static Object json(Object s) {
    if (s instanceof Map<?, ?>) {
      return s;
    }
    if (!(s instanceof String text)) {
      throw Expressions.failure("TypeError", "Given object is not typeof string.");
    }
    try {
      return Values.plain(JSON.readValue(text, Object.class));
    } catch (JsonProcessingException e) {
      throw Expressions.failure("JSONDecodeError", e.getOriginalMessage());
    }
  }

  /** {@code zip(a, b, ..., pad=None)}: Python's {@code zip_longest}, one list per position. */
  public static Object zip(List<Object> args, Object pad) {
    List<List<?>> lists = new ArrayList<>();
    for (Object a : args) {
      lists.add(a == null ? List.of() : (List<?>) a);
    }
    if (lists.size() == 1) {
      return lists.getFirst();
    }
    int longest = lists.stream().mapToInt(List::size).max().orElse(0);
    List<Object> out = new ArrayList<>(longest);
    for (int i = 0; i < longest; i++) {
      List<Object> tuple = new ArrayList<>(lists.size());
      for (List<?> l : lists) {
        tuple.add(i < l.size() ? l.get(i) : pad);
      }
      out.add(tuple);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> currentTask(Map<String, Object> data) {
    if (data == null || data.isEmpty()) {
      throw Expressions.failure("ExpressionEvaluationException", "The context is not set.");
    }
    Object current = data.get("__current_task");
    if (!(current instanceof Map<?, ?> m) || m.isEmpty()) {
      throw Expressions.failure("ExpressionEvaluationException",
          "The current task is not set in the context.");
    }
    return (Map<String, Object>) m;
  }

  private static String currentStatus(Map<String, Object> data) {
    Map<String, Object> current = currentTask(data);
    int route = current.get("route") instanceof Number n ? n.intValue() : 0;
    return taskStatus(data, (String) current.get("id"), route);
  }
}
