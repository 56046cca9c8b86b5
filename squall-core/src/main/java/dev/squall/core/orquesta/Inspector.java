package dev.squall.core.orquesta;

import dev.squall.core.orquesta.WorkflowSpec.Named;
import dev.squall.core.orquesta.WorkflowSpec.TaskSpec;
import dev.squall.core.orquesta.WorkflowSpec.TransitionSpec;
import dev.squall.core.yaml.YamlDocument;
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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orquesta's static inspection of a parsed workflow ({@code spec.inspect()}): semantics
 * (reserved names, start tasks, undefined tasks, unreachable joins, with-items without action),
 * expressions (each one parses) and context (every {@code ctx(x)} reads a variable that is
 * assigned on every path before it). Errors carry the line of their spec path.
 */
public final class Inspector {

  private static final String TASKS = "properties.tasks.patternProperties.^\\w+$";

  private final WorkflowSpec spec;
  private final Topology topology;
  private final Expressions expressions;

  private final Set<String> appContext;

  private Inspector(WorkflowSpec spec, Expressions expressions, Set<String> appContext) {
    this.spec = spec;
    this.topology = new Topology(spec);
    this.expressions = expressions;
    this.appContext = appContext;
  }

  /** Variables StackStorm puts in a workflow's context before its input: {@code st2}, {@code parent}. */
  public static final Set<String> ST2_CONTEXT = Set.of("st2", "parent");

  /** Parses {@code doc} and inspects it as orquesta alone does: every error, syntax first. */
  public static List<InspectionError> inspect(YamlDocument doc, Expressions expressions) {
    return inspect(doc, expressions, Set.of());
  }

  /**
   * Parses {@code doc} and inspects it, with {@code appContext} the variables the application
   * provides ({@link #ST2_CONTEXT} in StackStorm).
   */
  public static List<InspectionError> inspect(YamlDocument doc, Expressions expressions,
      Set<String> appContext) {
    WorkflowParser.Parsed parsed = WorkflowParser.parse(doc);
    if (parsed.spec() == null) {
      return parsed.syntaxErrors();
    }
    return inspect(parsed.spec(), doc, expressions, appContext);
  }

  /** Inspects a parsed spec; lines come from {@code doc}. */
  public static List<InspectionError> inspect(WorkflowSpec spec, YamlDocument doc,
      Expressions expressions, Set<String> appContext) {
    Inspector in = new Inspector(spec, expressions, appContext);
    List<InspectionError> out = new ArrayList<>();
    Comparator<InspectionError> order = Comparator
        .comparing((InspectionError e) -> String.valueOf(e.schemaPath()))
        .thenComparing(e -> String.valueOf(e.specPath()));
    out.addAll(in.semantics().stream().sorted(order).toList());
    out.addAll(in.expressions().stream().sorted(order).toList());
    out.addAll(in.context().stream().sorted(order).toList());
    return out.stream().map(e -> e.withLine(lineOf(doc, e.specPath()))).toList();
  }

  /** Errors grouped as orquesta returns them: category → entries (only non-empty categories). */
  public static Map<String, List<Map<String, Object>>> byCategory(List<InspectionError> errors) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (String c : List.of("syntax", "semantics", "expressions", "context")) {
      List<Map<String, Object>> list = errors.stream().filter(e -> e.category().equals(c))
          .map(InspectionError::toMap).toList();
      if (!list.isEmpty()) {
        out.put(c, list);
      }
    }
    return out;
  }

  private static final Pattern PATH_PART = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)\\]");

  /** The line of an orquesta spec path ("tasks.t1.next[0].do") in the document. */
  static int lineOf(YamlDocument doc, String specPath) {
    if (doc == null) {
      return 0;
    }
    List<Object> path = new ArrayList<>();
    if (specPath != null) {
      Matcher m = PATH_PART.matcher(specPath);
      while (m.find()) {
        path.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
      }
    }
    return doc.lineOf(path.toArray());
  }

  private static InspectionError semantic(String message, String specPath, String schemaPath) {
    return new InspectionError("semantics", null, null, message, specPath, schemaPath, 0);
  }

  // ---------------------------------------------------------------------------------------------

  private List<InspectionError> semantics() {
    List<InspectionError> out = new ArrayList<>();
    for (String name : spec.tasks().keySet()) {
      if (WorkflowSpec.RESERVED_TASK_NAMES.contains(name)) {
        out.add(semantic("The task name \"" + name + "\" is reserved with special function.",
            "tasks." + name, TASKS));
      }
    }
    if (!spec.tasks().isEmpty() && topology.startTasks().isEmpty()) {
      out.add(semantic("Unable to identify any tasks to start the workflow. If the workflow has a "
          + "loop, please add a task that serves as an entry point (or lead) into the loop.",
          "tasks", "properties.tasks"));
    }
    out.addAll(undefinedTasks());
    out.addAll(unreachableJoins());
    for (TaskSpec t : spec.tasks().values()) {
      if (t.hasItems() && t.action() == null) {
        out.add(semantic("The action property is required for with items task.",
            "tasks." + t.name(), TASKS));
      }
    }
    return out;
  }

  private List<InspectionError> undefinedTasks() {
    List<InspectionError> out = new ArrayList<>();
    Set<String> traversed = new HashSet<>();
    Set<String> queued = new HashSet<>();
    Deque<String> q = new ArrayDeque<>(topology.startTasks());
    while (!q.isEmpty()) {
      String name = q.poll();
      traversed.add(name);
      TaskSpec t = spec.task(name);
      for (TransitionSpec tr : t.next()) {
        for (String target : tr.targets()) {
          if (traversed.contains(target)) {
            continue;
          }
          if (spec.hasTask(target)) {
            if (!WorkflowSpec.RESERVED_TASK_NAMES.contains(target) && queued.add(target)) {
              q.add(target);
            }
          } else {
            out.add(semantic("The task \"" + target + "\" is not defined.",
                "tasks." + name + ".next[" + tr.index() + "].do",
                TASKS + ".properties.next.items.properties.do"));
          }
        }
      }
    }
    return out;
  }

  /** Joins behind nested forks of split tasks, which the engine cannot place. */
  private List<InspectionError> unreachableJoins() {
    record Item(String prev, String task, List<String> splits) {}
    Map<String, Set<String>> splitsOf = new LinkedHashMap<>();
    Map<String, Set<String>> prevOf = new HashMap<>();
    Map<String, Set<String>> track = new HashMap<>();
    Deque<Item> q = new ArrayDeque<>();
    topology.startTasks().forEach(t -> q.add(new Item(null, t, new ArrayList<>())));
    while (!q.isEmpty()) {
      Item item = q.poll();
      String task = item.task();
      if (!spec.tasks().containsKey(task)) {
        continue;
      }
      List<String> splits = item.splits();
      if (topology.isSplit(task) && !topology.inCycle(task)) {
        splits.add(task);
      }
      splitsOf.computeIfAbsent(task, k -> new HashSet<>()).addAll(splits);
      prevOf.computeIfAbsent(task, k -> new HashSet<>());
      if (item.prev() != null) {
        prevOf.get(task).add(item.prev());
      }
      for (Topology.Next n : topology.next(task)) {
        if (!splitsOf.containsKey(n.target()) || !topology.inCycle(n.target())) {
          String id = task + "_" + n.target();
          Set<String> existing = track.get(id);
          if (existing != null && !existing.isEmpty()) {
            if (!existing.containsAll(splits)) {
              q.add(new Item(task, n.target(), new ArrayList<>(splits)));
              existing.addAll(splits);
            }
          } else {
            q.add(new Item(task, n.target(), new ArrayList<>(splits)));
            track.put(id, new HashSet<>(splits));
          }
        }
      }
    }
    List<InspectionError> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : splitsOf.entrySet()) {
      if (!topology.isJoin(e.getKey())) {
        continue;
      }
      for (String prev : prevOf.get(e.getKey())) {
        if (!e.getValue().equals(splitsOf.get(prev))) {
          out.add(semantic("The join task \"" + e.getKey() + "\" is unreachable. A join task is "
              + "determined to be unreachable if there are nested forks from multi-referenced "
              + "tasks that join on the said task. This is ambiguous to the workflow engine "
              + "because it does not know at which level should the join occurs.",
              "tasks." + e.getKey(), TASKS));
          break;
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  private List<InspectionError> expressions() {
    List<InspectionError> out = new ArrayList<>();
    out.addAll(validateList("input", "properties.input", spec.input()));
    out.addAll(validateList("vars", "properties.vars", spec.vars()));
    out.addAll(validateList("output", "properties.output", spec.output()));
    for (TaskSpec t : spec.tasks().values()) {
      String p = "tasks." + t.name();
      String s = TASKS + ".properties";
      out.addAll(expressions.validate(t.delay(), p + ".delay", s + ".delay"));
      out.addAll(expressions.validate(t.action(), p + ".action", s + ".action"));
      out.addAll(expressions.validate(t.input(), p + ".input", s + ".input"));
      if (t.with() != null) {
        out.addAll(expressions.validate(t.with().items(), p + ".with.items", s + ".with.properties.items"));
        out.addAll(expressions.validate(t.with().concurrency(), p + ".with.concurrency",
            s + ".with.properties.concurrency"));
      }
      if (t.retry() != null) {
        out.addAll(expressions.validate(t.retry().when(), p + ".retry.when", s + ".retry.properties.when"));
        out.addAll(expressions.validate(t.retry().count(), p + ".retry.count", s + ".retry.properties.count"));
        out.addAll(expressions.validate(t.retry().delay(), p + ".retry.delay", s + ".retry.properties.delay"));
      }
      for (TransitionSpec tr : t.next()) {
        String tp = p + ".next[" + tr.index() + "]";
        String ts = s + ".next.items.properties";
        out.addAll(expressions.validate(tr.when(), tp + ".when", ts + ".when"));
        for (Named n : tr.publish()) {
          out.addAll(expressions.validate(n.value(), tp + ".publish", ts + ".publish"));
        }
      }
    }
    return out;
  }

  private List<InspectionError> validateList(String path, String schema, List<Named> list) {
    List<InspectionError> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.addAll(expressions.validate(list.get(i).value(), path + "[" + i + "]", schema));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Context: a port of the inspect_context methods of WorkflowSpec, TaskMappingSpec, TaskSpec
  // and TaskTransitionSpec.

  private List<InspectionError> context() {
    List<InspectionError> errors = new ArrayList<>();
    Set<String> rolling = new TreeSet<>(appContext);
    for (int i = 0; i < spec.input().size(); i++) {
      Named n = spec.input().get(i);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put(n.name(), n.value());
      checkVars(item, "input[" + i + "]", "properties.input", rolling, errors);
      rolling.add(n.name());
    }
    for (int i = 0; i < spec.vars().size(); i++) {
      Named n = spec.vars().get(i);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put(n.name(), n.value());
      checkVars(item, "vars[" + i + "]", "properties.vars", rolling, errors);
      rolling.add(n.name());
    }
    rolling.addAll(tasksContext(new TreeSet<>(rolling), errors));
    for (int i = 0; i < spec.output().size(); i++) {
      Named n = spec.output().get(i);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put(n.name(), n.value());
      checkVars(item, "output[" + i + "]", "properties.output", rolling, errors);
      rolling.add(n.name());
    }
    return errors.stream().distinct().toList();
  }

  private void checkVars(Object value, String specPath, String schemaPath, Set<String> ctx,
      List<InspectionError> errors) {
    for (Expressions.VarRef v : expressions.extractVars(value)) {
      if (v.name().startsWith("__")) {
        errors.add(new InspectionError("context", v.type(), v.statement(), "Variable \"" + v.name()
            + "\" that is prefixed with double underscores is considered a private variable and "
            + "cannot be referenced.", specPath, schemaPath, 0));
      }
      if (!ctx.contains(v.name())) {
        errors.add(new InspectionError("context", v.type(), v.statement(),
            "Variable \"" + v.name() + "\" is referenced before assignment.", specPath, schemaPath, 0));
      }
    }
  }

  private Set<String> tasksContext(Set<String> parentCtx, List<InspectionError> errors) {
    record Item(String task, Set<String> ctx) {}
    Map<String, Set<String>> joinCtxs = new HashMap<>();
    Set<String> traversed = new HashSet<>();
    Map<String, Set<String>> taskCtxMap = new HashMap<>();
    Set<String> rolling = new TreeSet<>(parentCtx);
    Deque<Item> q = new ArrayDeque<>();
    topology.startTasks().forEach(t -> q.add(new Item(t, new TreeSet<>(rolling))));
    int guard = 0;
    while (!q.isEmpty() && guard++ < 100_000) {
      Item item = q.poll();
      String name = item.task();
      traversed.add(name);
      Set<String> taskCtx = item.ctx() == null || item.ctx().isEmpty()
          ? new TreeSet<>(joinCtxs.getOrDefault(name, Set.of())) : new TreeSet<>(item.ctx());
      TaskSpec t = spec.task(name);
      String p = "tasks." + name;
      String s = TASKS;
      checkVars(t.delay(), p + ".delay", s + ".properties.delay", taskCtx, errors);
      if (t.with() != null) {
        checkVars(t.with().items(), p + ".with.items", s + ".properties.with.properties.items", taskCtx, errors);
        checkVars(t.with().concurrency(), p + ".with.concurrency",
            s + ".properties.with.properties.concurrency", taskCtx, errors);
      }
      checkVars(t.action(), p + ".action", s + ".properties.action", taskCtx, errors);
      checkVars(t.input(), p + ".input", s + ".properties.input", taskCtx, errors);
      rolling.addAll(taskCtx);
      for (TransitionSpec tr : t.next()) {
        String tp = p + ".next[" + tr.index() + "]";
        String ts = s + ".properties.next.items";
        checkVars(tr.when(), tp + ".when", ts + ".properties.when", taskCtx, errors);
        Set<String> branch = new TreeSet<>(taskCtx);
        for (int i = 0; i < tr.publish().size(); i++) {
          Named n = tr.publish().get(i);
          Map<String, Object> pub = new LinkedHashMap<>();
          pub.put(n.name(), n.value());
          checkVars(pub, tp + ".publish[" + i + "]", ts + ".properties.publish", branch, errors);
          branch.add(n.name());
        }
        for (String next : tr.targets()) {
          if (traversed.contains(next) || !spec.hasTask(next)) {
            continue;
          }
          if (!spec.task(next).isJoin()) {
            if (!branch.equals(taskCtxMap.get(next))) {
              q.add(new Item(next, branch));
              taskCtxMap.put(next, branch);
            }
          } else {
            joinCtxs.computeIfAbsent(next, k -> new TreeSet<>()).addAll(branch);
            q.add(new Item(next, null));
          }
        }
      }
      rolling.addAll(taskCtx);
    }
    return rolling;
  }
}
