package dev.squall.chat;

import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.Execution;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers results when the event bus reports an execution with the chat route reaching a
 * terminal status. Best effort: a result whose delivery fails is logged, not retried, and an
 * event the bus drops (subscriber queue full) or a restart loses the result. The durable
 * notifier is meant to take over this job.
 */
public final class EventBusResultFeed implements ResultFeed {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusResultFeed.class);

  private final EventBus bus;
  private Subscription subscription;

  public EventBusResultFeed(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public synchronized void start(ResultDelivery delivery) {
    if (subscription != null) {
      throw new IllegalStateException("already started");
    }
    subscription = bus.subscribe(event -> {
      if (event instanceof Event.ExecutionUpdated u && u.execution().status().isTerminal()) {
        Execution e = u.execution();
        ChatRoute.sourceContext(e).ifPresent(source -> deliver(delivery, e, source));
      }
    });
  }

  private static void deliver(ResultDelivery delivery, Execution e, Map<String, Object> source) {
    try {
      delivery.deliver(e, source);
    } catch (RuntimeException ex) {
      LOG.error("the result of execution {} could not be posted to chat ({}): {}", e.id(),
          source.get("adapter"), ex.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }
}
