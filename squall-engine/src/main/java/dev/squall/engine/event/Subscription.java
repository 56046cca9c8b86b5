package dev.squall.engine.event;

/** A consumer's place on the bus; closing it stops delivery. */
public interface Subscription extends AutoCloseable {

  /** Events this subscriber lost because its queue was full (oldest dropped first). */
  long dropped();

  @Override
  void close();
}
