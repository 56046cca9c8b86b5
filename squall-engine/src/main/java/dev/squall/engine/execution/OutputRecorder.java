package dev.squall.engine.execution;

import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.runner.OutputSink;
import dev.squall.engine.store.ExecutionRepository;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The sink a runner writes to: each line is published at once and queued for the store, where
 * the group commit batches it with every other line and status change waiting at that moment.
 * A runner may write from two threads (stdout and stderr readers), hence the lock.
 */
final class OutputRecorder implements OutputSink {

  private static final System.Logger LOG = System.getLogger(OutputRecorder.class.getName());

  private final String executionId;
  private final ExecutionRepository repository;
  private final EventBus bus;
  private final Clock clock;
  private final SecretRedaction redaction;
  private long seq;
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

  OutputRecorder(String executionId, ExecutionRepository repository, EventBus bus, Clock clock,
      SecretRedaction redaction) {
    this.executionId = executionId;
    this.redaction = redaction;
    this.repository = repository;
    this.bus = bus;
    this.clock = clock;
  }

  @Override
  public synchronized void line(String stream, String line) {
    OutputLine l = new OutputLine(executionId, seq++, stream, redaction.apply(line), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    lastWrite = repository.appendOutput(List.of(l));
    bus.publish(new Event.ExecutionOutput(l));
  }

  /** Waits until every line so far is stored (the store keeps writes in order). */
  void awaitStored() {
    CompletableFuture<Void> last;
    synchronized (this) {
      last = lastWrite;
    }
    try {
      last.join();
    } catch (CompletionException e) {
      LOG.log(System.Logger.Level.WARNING, "output of " + executionId + " was not stored", e);
    }
  }
}
