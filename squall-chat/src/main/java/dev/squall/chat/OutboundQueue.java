package dev.squall.chat;

import dev.squall.core.error.TooManyRequestsException;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/** The bounded queue of pieces waiting to go out; a message goes in whole or not at all. */
final class OutboundQueue<T> {

  // Unbounded underneath: the capacity is enforced on offer only, so that a piece the sender
  // took out and must put back always fits, even if new messages filled the queue meanwhile.
  private final LinkedBlockingDeque<T> items = new LinkedBlockingDeque<>();
  private final int capacity;
  // Capacity check and insert must be one step, or two senders could each see room for one.
  private final ReentrantLock enqueueLock = new ReentrantLock();

  OutboundQueue(int capacity) {
    this.capacity = capacity;
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
      if (items.size() + pieces.size() > capacity) {
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

  /** Puts a piece that could not be delivered back at the head, to go out first; never blocks. */
  void putFirst(T item) {
    items.addFirst(item);
  }

  int size() {
    return items.size();
  }

  boolean isEmpty() {
    return items.isEmpty();
  }
}
