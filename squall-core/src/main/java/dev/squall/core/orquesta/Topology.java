package dev.squall.core.orquesta;

import dev.squall.core.orquesta.WorkflowSpec.TaskSpec;
import dev.squall.core.orquesta.WorkflowSpec.TransitionSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Graph questions about a spec's task transitions, answered from the definition as orquesta's
 * {@code TaskMappingSpec} answers them (start tasks, splits, cycles); both inspection and the
 * composer ask them.
 */
final class Topology {

  /** One edge of the definition: target task, its {@code when} (may be null), transition index. */
  record Next(String target, String when, int index) {}

  private final WorkflowSpec spec;
  private final java.util.Map<String, List<Next>> nextCache = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<String, List<Next>> prevCache = new java.util.concurrent.ConcurrentHashMap<>();

  Topology(WorkflowSpec spec) {
    this.spec = spec;
  }

  /** The task's outgoing edges, sorted by target name (stable). */
  List<Next> next(String task) {
    return nextCache.computeIfAbsent(task, this::computeNext);
  }

  private List<Next> computeNext(String task) {
    TaskSpec t = spec.task(task);
    List<Next> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    for (TransitionSpec tr : t.next()) {
      for (String target : tr.targets()) {
        out.add(new Next(target, tr.when(), tr.index()));
      }
    }
    out.sort(Comparator.comparing(Next::target));
    return List.copyOf(out);
  }

  /** Edges into {@code task} from defined tasks, as (source, when, index), sorted by source. */
  List<Next> prev(String task) {
    return prevCache.computeIfAbsent(task, this::computePrev);
  }

  private List<Next> computePrev(String task) {
    List<Next> out = new ArrayList<>();
    for (String name : spec.tasks().keySet()) {
      for (Next n : next(name)) {
        if (n.target().equals(task)) {
          out.add(new Next(name, n.when(), n.index()));
        }
      }
    }
    out.sort(Comparator.comparing(Next::target));
    return List.copyOf(out);
  }

  /** Tasks no transition leads to, sorted by name. */
  List<String> startTasks() {
    return spec.tasks().keySet().stream().filter(t -> prev(t).isEmpty()).sorted().toList();
  }

  boolean isJoin(String task) {
    TaskSpec t = spec.task(task);
    return t != null && t.isJoin();
  }

  /** A task that is not a join and is reached by more than one edge: each arrival is a route. */
  boolean isSplit(String task) {
    return !isJoin(task) && prev(task).size() > 1;
  }

  /** Whether {@code task} can reach itself. */
  boolean inCycle(String task) {
    Set<String> traversed = new HashSet<>();
    Deque<String> q = new ArrayDeque<>();
    next(task).forEach(n -> q.add(n.target()));
    while (!q.isEmpty()) {
      String n = q.poll();
      if (n.equals(task)) {
        return true;
      }
      if (!traversed.add(n)) {
        continue;
      }
      next(n).forEach(x -> q.add(x.target()));
    }
    return false;
  }
}
