package dev.squall.core.orquesta;

import java.util.List;
import java.util.Map;

/**
 * An orquesta native workflow definition (version 1.0), parsed by {@link WorkflowParser}. Values
 * that may hold expressions stay as the plain YAML values they were written as.
 *
 * @param input declared inputs in order; {@link Named#value()} is the default (null for a bare name)
 * @param tasks in definition order
 */
public record WorkflowSpec(String description, List<Named> input, List<Named> vars,
    Map<String, TaskSpec> tasks, List<Named> output) {

  /** Names no task may have: the engine commands. */
  public static final List<String> RESERVED_TASK_NAMES = List.of("continue", "fail", "noop", "retry");

  /** One entry of {@code input}, {@code vars}, {@code output} or {@code publish}. */
  public record Named(String name, Object value) {}

  /** A task; {@code action} and {@code input} after inline parameters were taken apart. */
  public record TaskSpec(String name, String action, Object input, Object delay, Object join,
      ItemsSpec with, RetrySpec retry, List<TransitionSpec> next) {

    public boolean hasItems() {
      return with != null;
    }

    public boolean isJoin() {
      return join != null;
    }

    /** The task an engine command stands for: nothing but its name. */
    static TaskSpec command(String name) {
      return new TaskSpec(name, null, null, null, null, null, null, List.of());
    }
  }

  /** {@code with}: the items expression (maybe "x, y in <% ... %>") and the concurrency. */
  public record ItemsSpec(String items, Object concurrency) {}

  /** {@code retry}: count (int or expression), when, delay. */
  public record RetrySpec(String when, Object count, Object delay) {}

  /**
   * One entry of {@code next}: {@code do} targets in written order ("continue" when absent).
   *
   * @param index position in {@code next}, the transition's {@code ref}
   */
  public record TransitionSpec(int index, String when, List<Named> publish, List<String> targets) {}

  /** The task of that name; engine commands are tasks too (without action). */
  public TaskSpec task(String name) {
    if (RESERVED_TASK_NAMES.contains(name)) {
      return TaskSpec.command(name);
    }
    return tasks.get(name);
  }

  public boolean hasTask(String name) {
    return RESERVED_TASK_NAMES.contains(name) || tasks.containsKey(name);
  }
}
