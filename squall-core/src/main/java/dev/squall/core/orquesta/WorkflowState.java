package dev.squall.core.orquesta;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conductor's state ({@code WorkflowState} in {@code orquesta/conducting.py}), held as the
 * same JSON-like structure orquesta serializes so that it can be stored and read back as is:
 * contexts (index 0 = parent context + input + vars), routes, the task state sequence (entries
 * {id, route, ctxs, prev, next, status, term?, retry?}), staged tasks and the task index
 * ({@code "task__r<route>"} → sequence position).
 */
public final class WorkflowState {

  final List<Map<String, Object>> contexts = new ArrayList<>();
  final List<List<String>> routes = new ArrayList<>();
  final List<Map<String, Object>> sequence = new ArrayList<>();
  final List<Map<String, Object>> staged = new ArrayList<>();
  final Map<String, Integer> tasks = new LinkedHashMap<>();
  /** Per re-run request, the sequence positions of the task entries it re-ran. */
  final List<List<Integer>> reruns = new ArrayList<>();
  String status = Statuses.UNSET;

  static String key(String taskId, int route) {
    return taskId + "__r" + route;
  }

  public String status() {
    return status;
  }

  /** A deep copy as plain values. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("contexts", Values.plain(contexts));
    m.put("routes", Values.plain(routes));
    m.put("sequence", Values.plain(sequence));
    m.put("staged", Values.plain(staged));
    m.put("status", status);
    m.put("tasks", Values.plain(tasks));
    if (!reruns.isEmpty()) {
      m.put("reruns", Values.plain(reruns));
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  static WorkflowState fromMap(Map<String, Object> data) {
    WorkflowState s = new WorkflowState();
    Map<String, Object> d = Values.copy(data);
    ((List<Object>) d.getOrDefault("contexts", List.of())).forEach(c -> s.contexts.add((Map<String, Object>) c));
    ((List<Object>) d.getOrDefault("routes", List.of())).forEach(r -> s.routes.add((List<String>) r));
    ((List<Object>) d.getOrDefault("sequence", List.of())).forEach(e -> s.sequence.add((Map<String, Object>) e));
    ((List<Object>) d.getOrDefault("staged", List.of())).forEach(e -> s.staged.add((Map<String, Object>) e));
    ((Map<String, Object>) d.getOrDefault("tasks", Map.of()))
        .forEach((k, v) -> s.tasks.put(k, ((Number) v).intValue()));
    s.status = (String) d.getOrDefault("status", Statuses.UNSET);
    for (Object r : (List<Object>) d.getOrDefault("reruns", List.of())) {
      List<Integer> idxs = new ArrayList<>();
      ((List<Object>) r).forEach(i -> idxs.add(((Number) i).intValue()));
      s.reruns.add(idxs);
    }
    return s;
  }

  /** Sequence entries with one of {@code statuses}, last occurrence per task and route only. */
  List<Map<String, Object>> tasksByStatus(java.util.Set<String> statuses) {
    List<Map<String, Object>> out = new ArrayList<>();
    java.util.Set<Integer> last = new java.util.HashSet<>(tasks.values());
    for (int i = 0; i < sequence.size(); i++) {
      Object st = sequence.get(i).get("status");
      if (st != null && statuses.contains(st) && last.contains(i)) {
        out.add(sequence.get(i));
      }
    }
    return out;
  }

  boolean hasActiveTasks() {
    return !tasksByStatus(Statuses.ACTIVE).isEmpty();
  }

  boolean hasPausingTasks() {
    return !tasksByStatus(java.util.Set.of(Statuses.PAUSING)).isEmpty();
  }

  boolean hasPausedTasks() {
    return !tasksByStatus(java.util.Set.of(Statuses.PAUSED, Statuses.PENDING)).isEmpty();
  }

  boolean hasCancelingTasks() {
    return !tasksByStatus(java.util.Set.of(Statuses.CANCELING)).isEmpty();
  }

  boolean hasCanceledTasks() {
    return !tasksByStatus(java.util.Set.of(Statuses.CANCELED)).isEmpty();
  }

  /** Staged entries that are ready and not completed (filtered) or all of them. */
  List<Map<String, Object>> stagedTasks(boolean filtered) {
    if (!filtered) {
      return staged;
    }
    return staged.stream()
        .filter(s -> Boolean.TRUE.equals(s.get("ready")) && !Boolean.TRUE.equals(s.get("completed")))
        .toList();
  }

  boolean hasStagedTasks() {
    return !stagedTasks(true).isEmpty();
  }

  Map<String, Object> addStaged(String taskId, int route, List<Integer> ctxs,
      Map<String, Object> prev, boolean ready, Map<String, Object> retry) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", taskId);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("in", ctxs == null || ctxs.isEmpty() ? new ArrayList<>(List.of(0)) : new ArrayList<>(ctxs));
    entry.put("ctxs", c);
    entry.put("route", route);
    entry.put("prev", prev == null ? new LinkedHashMap<>() : prev);
    entry.put("ready", ready);
    if (retry != null) {
      entry.put("retry", retry);
    }
    staged.add(entry);
    return entry;
  }

  Map<String, Object> stagedTask(String taskId, int route) {
    for (Map<String, Object> s : staged) {
      if (s.get("id").equals(taskId) && ((Number) s.get("route")).intValue() == route) {
        return s;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  void removeStaged(String taskId, int route) {
    Map<String, Object> s = stagedTask(taskId, route);
    if (s == null) {
      return;
    }
    List<Map<String, Object>> items = (List<Map<String, Object>>) s.getOrDefault("items", List.of());
    boolean running = items.stream().anyMatch(i -> Statuses.ACTIVE.contains(i.get("status")));
    if (!running) {
      staged.removeIf(x -> x == s);
    }
  }

  /** The positions of the last entry of each route of {@code taskId} that ran, in sequence order. */
  List<Integer> lastEntries(String taskId) {
    java.util.Set<Integer> last = new java.util.HashSet<>(tasks.values());
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < sequence.size(); i++) {
      if (sequence.get(i).get("id").equals(taskId) && last.contains(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The entry of {@code taskId} on {@code route} with every entry that followed from it (through
   * their {@code prev} references), as sequence positions, the task's own first.
   */
  List<Integer> taskSequence(String taskId, int route) {
    List<Integer> seq = new ArrayList<>(List.of(tasks.get(key(taskId, route))));
    Deque<Map<String, Object>> queue = new ArrayDeque<>(List.of(sequence.get(seq.getFirst())));
    while (!queue.isEmpty()) {
      Map<String, Object> from = queue.poll();
      for (int i = 0; i < sequence.size(); i++) {
        Map<String, Object> t = sequence.get(i);
        for (Object v : ((Map<?, ?>) t.get("prev")).values()) {
          Map<String, Object> p = sequence.get(((Number) v).intValue());
          if (p.get("id").equals(from.get("id")) && Conductor.route(p) == Conductor.route(from)
              && !seq.contains(i)) {
            seq.add(i);
            queue.add(t);
          }
        }
      }
    }
    return seq;
  }

  /** Terminal entries in sequence order. */
  List<Map<String, Object>> terminalTasks() {
    return sequence.stream().filter(t -> Boolean.TRUE.equals(t.get("term"))).toList();
  }
}
