package dev.squall.chat;

import dev.squall.core.error.TooManyRequestsException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * The bounded queue of pieces waiting to go out; a message goes in whole or not at all.
 *
 * <p>Each room has its own queue and the rooms take turns, one piece each (round-robin), so one
 * room's long output never delays another room's reply. Within a room, a message of one piece (a
 * reply) goes before the pieces of longer messages still waiting (a long result), so a room's own
 * short replies pass a long result that is still going out; pieces of one message stay in order.
 */
final class OutboundQueue<T> {

  /** A piece taken out, with the room it goes to, so that it can be put back where it was. */
  record Piece<T>(Object room, T item) {}

  /** One room's two lanes: replies first, long messages after. */
  private static final class Lanes<T> {
    final ArrayDeque<T> replies = new ArrayDeque<>();
    final ArrayDeque<T> bulk = new ArrayDeque<>();

    T poll() {
      return replies.isEmpty() ? bulk.pollFirst() : replies.pollFirst();
    }

    boolean isEmpty() {
      return replies.isEmpty() && bulk.isEmpty();
    }
  }

  private final int capacity;
  // One lock for the rooms, their turn and the count: capacity check and insert must be one step,
  // or two senders could each see room for one. The capacity is enforced on offer only, so that
  // a piece the sender took out and must put back always fits.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Map<Object, Lanes<T>> rooms = new HashMap<>(); // guarded by lock
  private final ArrayDeque<Object> turn = new ArrayDeque<>(); // rooms with pieces, next first
  private int size; // guarded by lock

  OutboundQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Queues all pieces of one message to a room; never blocks.
   *
   * @param refusal the error message, given how many pieces are already waiting
   * @throws TooManyRequestsException when the queue cannot hold all of them
   */
  void offerAll(Object room, List<T> pieces, IntFunction<String> refusal) {
    lock.lock();
    try {
      if (size + pieces.size() > capacity) {
        throw new TooManyRequestsException(refusal.apply(size));
      }
      if (pieces.isEmpty()) {
        return;
      }
      Lanes<T> lanes = lanes(room, false);
      (pieces.size() == 1 ? lanes.replies : lanes.bulk).addAll(pieces);
      size += pieces.size();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next piece: from the room whose turn it is, a reply before a long message's piece. */
  Piece<T> takeFirst() throws InterruptedException {
    lock.lock();
    try {
      while (turn.isEmpty()) {
        notEmpty.await();
      }
      Object room = turn.pollFirst();
      Lanes<T> lanes = rooms.get(room);
      T item = lanes.poll();
      size--;
      if (lanes.isEmpty()) {
        rooms.remove(room);
      } else {
        turn.addLast(room);
      }
      return new Piece<>(room, item);
    } finally {
      lock.unlock();
    }
  }

  /** Puts a piece that could not be delivered back, to go out first; never blocks. */
  void putFirst(Piece<T> piece) {
    lock.lock();
    try {
      lanes(piece.room(), true).replies.addFirst(piece.item());
      size++;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The room's lanes, the room taking its turn last (or first) when it had nothing queued. */
  private Lanes<T> lanes(Object room, boolean first) {
    Lanes<T> lanes = rooms.get(room);
    if (lanes == null) {
      lanes = new Lanes<>();
      rooms.put(room, lanes);
    } else if (first) {
      turn.remove(room);
    } else {
      return lanes;
    }
    if (first) {
      turn.addFirst(room);
    } else {
      turn.addLast(room);
    }
    return lanes;
  }

  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    return size() == 0;
  }
}
