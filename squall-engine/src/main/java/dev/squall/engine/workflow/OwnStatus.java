package dev.squall.engine.workflow;

import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.time.Duration;

/**
 * A workflow runner's view of its own execution's status: the live one, and now and then the
 * store's, where another node's API records a pause, resume or cancel of a workflow held here.
 */
final class OwnStatus {

  private static final Duration STORE_POLL = Duration.ofMillis(250);

  private final ExecutionService service;
  private final String executionId;
  /** When the store was last read for requests recorded by other nodes. */
  private long lastStoreRead = System.nanoTime();

  OwnStatus(ExecutionService service, String executionId) {
    this.service = service;
    this.executionId = executionId;
  }

  ExecutionStatus read() {
    long at = System.nanoTime();
    if (at - lastStoreRead >= STORE_POLL.toNanos()) {
      lastStoreRead = at;
      return service.followStore(executionId).status();
    }
    return service.get(executionId).status();
  }
}
