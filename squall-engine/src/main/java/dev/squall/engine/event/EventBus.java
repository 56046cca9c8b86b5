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
  /** The subscribers of {@link #subscribeOrigin}: events of this process only. */
  private final List<Subscriber> origin = new CopyOnWriteArrayList<>();

  /** Hands an event of this process to every subscriber's queue; never blocks. */
  public void publish(Event event) {
    for (Subscriber s : subscribers) {
      s.offer(event);
    }
    for (Subscriber s : origin) {
      s.offer(event);
    }
  }

  /**
   * Hands an event that happened on another node sharing the store (relayed by the cluster bus)
   * to every subscriber but those of {@link #subscribeOrigin}; never blocks.
   */
  public void publishRelayed(Event event) {
    for (Subscriber s : subscribers) {
      s.offer(event);
    }
  }

  /**
   * Subscribes to the events of this process alone, not those relayed from other nodes: for
   * what relays them (the cluster bus) and what counts per node (metrics).
   */
  public Subscription subscribeOrigin(Consumer<? super Event> consumer) {
    Subscriber s = new Subscriber(consumer, DEFAULT_CAPACITY, origin::remove);
    origin.add(s);
    s.start();
    return s;
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
    origin.forEach(Subscriber::close);
  }
}
