package dev.squall.engine.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * In-process publish/subscribe. Each subscriber has its own bounded queue, drained on its own
 * virtual thread, so {@link #publish} never waits for a consumer: a slow or stuck consumer only
 * falls behind. When its queue is full, the oldest waiting event is dropped for that subscriber
 * alone and counted ({@link Subscription#dropped()}); consumers that must not miss anything (the
 * notifier) read the store as the source of truth and use events only as a wake-up.
 */
public final class EventBus implements AutoCloseable {

  /** Queue length per subscriber unless one is given. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  /** Hands the event to every subscriber's queue; never blocks. */
  public void publish(Event event) {
    for (Subscriber s : subscribers) {
      s.offer(event);
    }
  }

  public Subscription subscribe(Consumer<? super Event> consumer) {
    return subscribe(consumer, DEFAULT_CAPACITY);
  }

  public Subscription subscribe(Consumer<? super Event> consumer, int capacity) {
    Subscriber s = new Subscriber(consumer, capacity, subscribers::remove);
    subscribers.add(s);
    s.start();
    return s;
  }

  /** Stops every subscriber; events still queued are not delivered. */
  @Override
  public void close() {
    subscribers.forEach(Subscriber::close);
  }
}
