package dev.squall.engine.event;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** One subscriber: a bounded queue and the virtual thread that drains it. */
final class Subscriber implements Subscription {

  private static final System.Logger LOG = System.getLogger(Subscriber.class.getName());

  private final Consumer<? super Event> consumer;
  private final ArrayBlockingQueue<Event> queue;
  private final Consumer<Subscriber> onClose;
  private final LongAdder dropped = new LongAdder();
  private volatile boolean closed;

  Subscriber(Consumer<? super Event> consumer, int capacity, Consumer<Subscriber> onClose) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.consumer = consumer;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.onClose = onClose;
  }

  void start() {
    Thread.ofVirtual().name("squall-event-subscriber").start(this::drain);
  }

  void offer(Event event) {
    if (closed) {
      return;
    }
    while (!queue.offer(event)) {
      if (queue.poll() != null) {
        dropped.increment();
      }
    }
  }

  private void drain() {
    while (!closed) {
      Event e;
      try {
        e = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ie) {
        return;
      }
      if (e == null || closed) {
        continue;
      }
      try {
        consumer.accept(e);
      } catch (RuntimeException ex) {
        // One failing event must not end the subscription.
        LOG.log(System.Logger.Level.WARNING, "event subscriber failed on " + e, ex);
      }
    }
  }

  @Override
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public void close() {
    closed = true;
    onClose.accept(this);
    queue.clear();
    // No interrupt: the consumer may be in the middle of store I/O, which an interrupt would
    // break (H2 closes its file on interrupt). The drain loop sees the flag within 200 ms.
  }
}
