package dev.squall.engine.runner;

import dev.squall.core.action.ActionDef;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner gets for one execution.
 *
 * @param parameters runner and action parameters merged, validated, cast and with defaults applied
 *     (secrets in clear: runners need them)
 * @param context the execution context (user, chat source, parent…)
 * @param output receives output lines as they are produced, for live streaming
 * @param processes told of every process group the runner starts
 * @param executions reads other executions by id
 */
public record RunContext(
    String executionId,
    ActionDef action,
    Map<String, Object> parameters,
    Map<String, Object> context,
    OutputSink output,
    ProcessRecorder processes,
    ExecutionReader executions) {

  public RunContext {
    processes = processes == null ? ProcessRecorder.NONE : processes;
    executions = executions == null ? ExecutionReader.NONE : executions;
  }

  /** A context that can read no other execution. */
  public RunContext(String executionId, ActionDef action, Map<String, Object> parameters,
      Map<String, Object> context, OutputSink output, ProcessRecorder processes) {
    this(executionId, action, parameters, context, output, processes, ExecutionReader.NONE);
  }

  /** A context whose processes are recorded nowhere. */
  public RunContext(String executionId, ActionDef action, Map<String, Object> parameters,
      Map<String, Object> context, OutputSink output) {
    this(executionId, action, parameters, context, output, ProcessRecorder.NONE,
        ExecutionReader.NONE);
  }

  /**
   * StackStorm's error for a script action that names no script, or empty when it names one:
   * the script runners' first check.
   */
  public Optional<String> missingEntryPoint() {
    if (action != null && action.entryPoint() != null && !action.entryPoint().isBlank()) {
      return Optional.empty();
    }
    return Optional.of("Missing entry_point action metadata attribute"
        + (action == null ? "" : " (action " + action.ref() + ")"));
  }
}
