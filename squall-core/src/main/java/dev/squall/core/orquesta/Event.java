package dev.squall.core.orquesta;

import java.util.List;

/**
 * What happened to a workflow, a task or an action execution ({@code orquesta/events.py}). The
 * state machines key their tables by {@link #name()}, which the machines extend with context
 * ("task_succeeded" + "_workflow_active_incomplete").
 */
public sealed interface Event {

  String status();

  String name();

  /** The result an action execution carried, for task results and error entries. */
  default Object result() {
    return null;
  }

  /** A request about the whole workflow (pause, resume, cancel, fail...). */
  record WorkflowEvent(String status) implements Event {
    public String name() {
      return "workflow_" + status;
    }
  }

  /** A task reached a status; the workflow state machine reacts to it. */
  record TaskEvent(String taskId, int route, String status) implements Event {
    public String name() {
      return "task_" + status;
    }
  }

  /** An action execution of a task reached a status. */
  record ActionEvent(String status, Object result) implements Event {
    public String name() {
      return "action_" + status;
    }
  }

  /**
   * An action execution of one item of a with-items task; {@code accumulated} is the task's list
   * of item results so far (null for items not finished), which becomes the task result.
   */
  record ItemEvent(int itemId, String status, Object result, List<Object> accumulated)
      implements Event {
    public String name() {
      return "action_" + status;
    }
  }

  /** The engine commands continue, noop, fail and retry ({@code ENGINE_EVENT_MAP}). */
  record EngineEvent(String name, String status) implements Event {
    static final EngineEvent CONTINUE = new EngineEvent("task_continue_requested", Statuses.SUCCEEDED);
    static final EngineEvent NOOP = new EngineEvent("task_noop_requested", Statuses.SUCCEEDED);
    static final EngineEvent FAIL = new EngineEvent("task_fail_requested", Statuses.FAILED);
    static final EngineEvent RETRY = new EngineEvent("task_retry_requested", Statuses.RETRYING);

    /** The event of an engine command task name, or null when the name is a real task. */
    static EngineEvent forCommand(String taskName) {
      return switch (taskName) {
        case "continue" -> CONTINUE;
        case "noop" -> NOOP;
        case "fail" -> FAIL;
        case "retry" -> RETRY;
        default -> null;
      };
    }
  }
}
