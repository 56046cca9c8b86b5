package dev.squall.engine.execution.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of an action, as stored and as the API shows it (StackStorm's ActionExecution fields).
 *
 * @param id 24 hex digits, like StackStorm's ids, so clients that check the shape keep working
 * @param parameters the parameters as given and cast, secrets included (mask before showing)
 * @param context who asked and from where: {@code user}, {@code chatops}/source channel, parent…
 * @param resultValue the runner's result, or empty until the run ends: an object for every
 *     built-in runner, but any JSON value a runner returned ({@link #result()} is the object view)
 * @param log every status change, oldest first
 * @param startTimestamp when the execution was requested
 * @param endTimestamp when it reached a terminal status, or null
 * @param secretParameters the names of the parameters whose value is secret: declared {@code
 *     secret}, or rendered from a secret; every viewer masks these, the store encrypts them
 * @param secretTexts plain texts of datastore secrets the parameters were rendered from, which
 *     the runner's output and result are redacted of (stored encrypted, shown to nobody)
 */
public record Execution(
    String id,
    String actionRef,
    String runnerType,
    Map<String, Object> parameters,
    Map<String, Object> context,
    ExecutionStatus status,
    Instant startTimestamp,
    Instant endTimestamp,
    Object resultValue,
    List<StatusChange> log,
    Set<String> secretParameters,
    Set<String> secretTexts) {

  public Execution {
    parameters = parameters == null ? Map.of() : parameters;
    context = context == null ? Map.of() : context;
    resultValue = resultValue == null ? Map.of() : resultValue;
    log = log == null ? List.of() : List.copyOf(log);
    secretParameters = secretParameters == null ? Set.of() : Set.copyOf(secretParameters);
    secretTexts = secretTexts == null ? Set.of() : Set.copyOf(secretTexts);
  }

  /** An execution with no secret parameters. */
  public Execution(String id, String actionRef, String runnerType, Map<String, Object> parameters,
      Map<String, Object> context, ExecutionStatus status, Instant startTimestamp,
      Instant endTimestamp, Map<String, Object> result, List<StatusChange> log) {
    this(id, actionRef, runnerType, parameters, context, status, startTimestamp, endTimestamp,
        result, log, Set.of(), Set.of());
  }

  /** The result as an object: the runner's result when it is one (it is for every built-in runner), else empty. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> result() {
    return resultValue instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The parent execution's id (a workflow's, for a task), or null. */
  public String parentId() {
    return parentId(context);
  }

  /** The parent execution id in a context: StackStorm's {@code context.parent.execution_id}. */
  public static String parentId(Map<String, Object> context) {
    Object parent = context.get("parent");
    if (parent instanceof Map<?, ?> m) {
      parent = m.get("execution_id");
    }
    return parent == null ? null : parent.toString();
  }

  /** One entry of the execution's log. */
  public record StatusChange(ExecutionStatus status, Instant timestamp) {}

  /** Never the secret texts: an execution may be logged or printed whole. */
  @Override
  public String toString() {
    return "Execution[id=" + id + ", action=" + actionRef + ", status=" + status + "]";
  }

  /** Seconds between start and end, or null while it runs. */
  public Double elapsedSeconds() {
    if (endTimestamp == null) {
      return null;
    }
    return (endTimestamp.toEpochMilli() - startTimestamp.toEpochMilli()) / 1000.0;
  }
}
