package dev.squall.core.orquesta;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task graph the conductor walks, composed from a spec as orquesta's native composer does
 * ({@code orquesta/composers/native.py}): the tasks reachable from the start tasks (engine
 * commands included), one edge per (transition, target) with a key counting the edges between
 * the same two tasks, join barriers and retry specs ({@code do: retry} included).
 */
final class WorkflowGraph {

  /** An edge; its transition id is {@code <target>__t<key>}. */
  record Edge(String source, String target, int key, List<String> criteria, int ref) {
    String transitionId() {
      return target + "__t" + key;
    }
  }

  /** A task node's attributes. */
  static final class Node {
    final String id;
    Object barrier; // "*" or a count, null when not a join
    Map<String, Object> retry;

    Node(String id) {
      this.id = id;
    }
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<Edge> edges = new ArrayList<>();
  private final Map<String, Boolean> cycles = new HashMap<>();

  static WorkflowGraph compose(WorkflowSpec spec, Topology topology) {
    WorkflowGraph g = new WorkflowGraph();
    record Item(String task, List<String> splits) {}
    Deque<Item> q = new ArrayDeque<>();
    Map<String, Set<String>> trackSplits = new HashMap<>();
    for (String start : topology.startTasks()) {
      q.add(new Item(start, new ArrayList<>()));
    }
    while (!q.isEmpty()) {
      Item item = q.poll();
      String task = item.task();
      List<String> splits = item.splits();
      Node node = g.add(task);
      if (topology.isJoin(task)) {
        Object join = spec.task(task).join();
        node.barrier = "all".equals(join) ? "*" : join;
      }
      if (topology.isSplit(task) && !topology.inCycle(task)) {
        splits.add(task);
      }
      WorkflowSpec.TaskSpec t = spec.task(task);
      if (t != null && t.retry() != null) {
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("when", t.retry().when());
        retry.put("count", t.retry().count());
        retry.put("delay", t.retry().delay());
        node.retry = retry;
      }
      for (Topology.Next n : topology.next(task)) {
        if (n.target().equals("retry")) {
          Map<String, Object> retry = new LinkedHashMap<>();
          retry.put("when", n.when() == null ? "<% completed() %>" : n.when());
          retry.put("count", 3L);
          node.retry = retry;
          continue;
        }
        if (!g.nodes.containsKey(n.target()) || !topology.inCycle(n.target())) {
          Set<String> existing = trackSplits.get(n.target());
          if (existing != null && !existing.isEmpty()) {
            if (!existing.containsAll(splits)) {
              q.add(new Item(n.target(), new ArrayList<>(splits)));
              existing.addAll(splits);
            }
          } else {
            q.add(new Item(n.target(), new ArrayList<>(splits)));
            trackSplits.put(n.target(), new HashSet<>(splits));
          }
        }
        List<String> criteria = n.when() == null ? List.of() : List.of(n.when());
        boolean exists = g.edges.stream().anyMatch(e -> e.source().equals(task)
            && e.target().equals(n.target()) && e.criteria().equals(criteria) && e.ref() == n.index());
        if (!exists) {
          g.add(n.target());
          int key = (int) g.edges.stream()
              .filter(e -> e.source().equals(task) && e.target().equals(n.target())).count();
          g.edges.add(new Edge(task, n.target(), key, criteria, n.index()));
        }
      }
    }
    return g;
  }

  private Node add(String id) {
    return nodes.computeIfAbsent(id, Node::new);
  }

  boolean hasTask(String id) {
    return nodes.containsKey(id);
  }

  Node node(String id) {
    return nodes.get(id);
  }

  /** Tasks without inbound edges, sorted by id. */
  List<String> roots() {
    Set<String> targets = new HashSet<>();
    edges.forEach(e -> targets.add(e.target()));
    return nodes.keySet().stream().filter(n -> !targets.contains(n)).sorted().toList();
  }

  /** Outbound edges sorted by target, then key. */
  List<Edge> next(String task) {
    return edges.stream().filter(e -> e.source().equals(task))
        .sorted(Comparator.comparing(Edge::target).thenComparingInt(Edge::key)).toList();
  }

  List<Edge> prev(String task) {
    return edges.stream().filter(e -> e.target().equals(task)).toList();
  }

  /** Join tasks: id → "*" or a count. */
  Map<String, Object> barriers() {
    Map<String, Object> out = new LinkedHashMap<>();
    nodes.values().forEach(n -> {
      if (n.barrier != null) {
        out.put(n.id, n.barrier);
      }
    });
    return out;
  }

  boolean hasBarrier(String task) {
    Node n = nodes.get(task);
    return n != null && n.barrier != null && !"".equals(n.barrier);
  }

  /** Whether the task lies on a cycle of the graph. */
  synchronized boolean inCycle(String task) {
    return cycles.computeIfAbsent(task, t -> {
      Set<String> seen = new HashSet<>();
      Deque<String> q = new ArrayDeque<>();
      next(t).forEach(e -> q.add(e.target()));
      while (!q.isEmpty()) {
        String n = q.poll();
        if (n.equals(t)) {
          return true;
        }
        if (seen.add(n)) {
          next(n).forEach(e -> q.add(e.target()));
        }
      }
      return false;
    });
  }

  boolean hasRetry(String task) {
    Node n = nodes.get(task);
    return n != null && n.retry != null && n.retry.get("count") != null;
  }
}
