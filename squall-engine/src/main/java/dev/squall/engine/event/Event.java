package dev.squall.engine.event;

import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;

/**
 * Something that happened in the engine. Executions in events are as stored: secret parameters
 * are in clear, and whoever shows an event to a user (API, stream, chat) masks them first.
 */
public sealed interface Event {

  /** An execution was recorded ({@code requested}). */
  record ExecutionCreated(Execution execution) implements Event {}

  /** An execution changed status (its result and end time come with the terminal one). */
  record ExecutionUpdated(Execution execution) implements Event {}

  /** A runner wrote a line. */
  record ExecutionOutput(OutputLine line) implements Event {}

  /**
   * A message for chat bots that listen on the stream (hubot-stackstorm, err-stackstorm), as
   * StackStorm's announcement runner publishes it: {@code name} is the stream event's routing key
   * ({@code chatops}, {@code errbot}), {@code data} is {@code {payload, trace_context}}.
   *
   * @param resultStatus the status of the execution whose result is announced
   *     ({@code chatops.post_result}), for a bot to show a failure as one; null for a plain
   *     message. Not part of the stream's wire form.
   */
  record Announcement(String name, java.util.Map<String, Object> data, ExecutionStatus resultStatus)
      implements Event {

    /** A plain message, no execution's result. */
    public Announcement(String name, java.util.Map<String, Object> data) {
      this(name, data, null);
    }
  }
}
