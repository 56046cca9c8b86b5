package dev.squall.chat;

/**
 * What tells the bot that an execution routed to chat has finished. {@link EventBusResultFeed}
 * does it from in-process events (best effort); the durable notifier replaces it by calling
 * {@link Bot#deliverResult} for the {@code chat} route itself, with retries.
 */
public interface ResultFeed extends AutoCloseable {

  /** Starts handing finished chat executions to {@code delivery}. */
  void start(ResultDelivery delivery);

  @Override
  void close();
}
