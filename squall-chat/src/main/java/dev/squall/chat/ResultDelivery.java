package dev.squall.chat;

import dev.squall.engine.execution.Execution;
import java.util.Map;

/**
 * Posts a finished execution's result to chat ({@link Bot#deliverResult}). Throws when it cannot
 * (unknown adapter, closed connection) so that the caller can retry and report.
 */
@FunctionalInterface
public interface ResultDelivery {
  void deliver(Execution execution, Map<String, Object> sourceContext);
}
