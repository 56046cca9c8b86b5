package dev.squall.chat;

import dev.squall.core.error.TooManyRequestsException;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/** The bounded queue of pieces waiting to go out; a message goes in whole or not at all. */
final class OutboundQueue<T> {

  private final LinkedBlockingDeque<T> items;
  // Capacity check and insert must be one step, or two senders could each see room for one.
  private final ReentrantLock enqueueLock = new ReentrantLock();

  OutboundQueue(int capacity) {
    this.items = new LinkedBlockingDeque<>(capacity);
  }

  /**
   * Queues all pieces; never blocks.
   *
   * @param refusal the error message, given how many pieces are already waiting
   * @throws TooManyRequestsException when the queue cannot hold all of them
   */
  void offerAll(List<T> pieces, IntFunction<String> refusal) {
    enqueueLock.lock();
    try {
      if (items.remainingCapacity() < pieces.size()) {
        throw new TooManyRequestsException(refusal.apply(items.size()));
      }
      items.addAll(pieces);
    } finally {
      enqueueLock.unlock();
    }
  }

  T takeFirst() throws InterruptedException {
    return items.takeFirst();
  }

  /** Puts a piece that could not be delivered back at the head, to go out first next time. */
  void putFirst(T item) throws InterruptedException {
    items.putFirst(item);
  }

  int size() {
    return items.size();
  }

  boolean isEmpty() {
    return items.isEmpty();
  }
}
