package dev.squall.chat;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.core.error.TooManyRequestsException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * The background work of a {@link ReconnectingAdapter}, whatever its protocol: a connection
 * thread that connects, serves one session and reconnects with exponential backoff; a sender that
 * drains the outgoing queue once a session is ready; and a dispatcher that hands incoming messages
 * to the listener one at a time, in order. It also keeps the adapter's {@link AdapterHealth}.
 *
 * <p>Backoff doubles after each attempt that never got ready, up to the maximum, and starts again
 * from the minimum after a session that did. Pieces queued while the connection is down wait and go
 * out after the reconnect; a piece a broken session could not take goes back to the head.
 *
 * @param <S> the protocol's session: one connection, from login until it drops
 * @param <T> one queued piece of an outgoing message
 */
final class ConnectionLoop<S, T> {

  private final ReconnectingAdapter<S, T> adapter;
  private final String name;
  private final String platform;
  private final String label;
  private final String queuedUnit;
  private final Logger log;
  private final Duration reconnectMin;
  private final Duration reconnectMax;
  private final AdapterHealthTracker health;
  private final OutboundQueue<T> outbox;
  private final LinkedBlockingQueue<IncomingMessage> inbox = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stateChanged = lock.newCondition();

  private S ready; // guarded by lock
  private volatile S current;
  private volatile boolean readyThisAttempt;
  private volatile boolean closed;
  private List<Thread> threads = List.of(); // guarded by lock

  /** See {@link ReconnectingAdapter#ReconnectingAdapter} for the parameters. */
  ConnectionLoop(ReconnectingAdapter<S, T> adapter, String platform, String name, String queuedUnit,
      Logger log, int queueCapacity, Duration reconnectMin, Duration reconnectMax) {
    this.adapter = adapter;
    this.name = name;
    this.platform = platform;
    this.label = platform.toUpperCase(Locale.ROOT) + " adapter " + name;
    this.queuedUnit = queuedUnit;
    this.log = log;
    this.reconnectMin = reconnectMin;
    this.reconnectMax = reconnectMax;
    this.health = new AdapterHealthTracker(name, platform);
    this.outbox = new OutboundQueue<>(queueCapacity);
  }

  private volatile ChatListener listener;

  /** Starts the connection, sender and dispatcher threads; once only. */
  void start(ChatListener listener) {
    this.listener = listener;
    lock.lock();
    try {
      if (!threads.isEmpty() || closed) {
        throw new IllegalStateException(label + " was already started");
      }
      String prefix = platform + "-" + name;
      threads = List.of(
          Thread.ofVirtual().name(prefix + "-conn").start(this::runConnection),
          Thread.ofVirtual().name(prefix + "-send").start(this::runSender),
          Thread.ofVirtual().name(prefix + "-dispatch").start(() -> runDispatcher(listener)));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues the pieces of one message; never blocks.
   *
   * @param target where the message goes (the room, whose own queue takes turns with the other
   *     rooms'), also for the refusal message
   * @throws TooManyRequestsException when the outgoing queue cannot hold them all
   */
  void enqueue(List<T> pieces, Object target) {
    outbox.offerAll(target, pieces, waiting -> label + " has " + waiting + " " + queuedUnit
        + " waiting to go out; message to " + target + " refused, try again later");
  }

  /** Hands an incoming message to the dispatcher thread. */
  void received(IncomingMessage message) {
    inbox.add(message);
  }

  /** The open session (ready or not), or null between connections. */
  S current() {
    return current;
  }

  /** Called from {@link ReconnectingAdapter#serve} as soon as its session exists. */
  void opened(S session) {
    current = session;
  }

  /** Called from {@link ReconnectingAdapter#serve} once its session may send. */
  void ready(S session) {
    readyThisAttempt = true;
    setReady(session);
  }

  boolean isClosed() {
    return closed;
  }

  AdapterHealth health() {
    return health.current();
  }

  void setHealth(State state, String detail) {
    health.set(state, detail, closed);
  }

  /** Stops all threads; the live session, if any, is hung up first. */
  void close() {
    closed = true;
    S s = current;
    // Before the interrupts: interrupting a virtual thread blocked on a socket closes that socket,
    // and a goodbye (IRC's QUIT) would no longer get out.
    if (s != null) {
      adapter.hangUp(s);
    }
    lock.lock();
    try {
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
    threads.forEach(Thread::interrupt);
    if (!outbox.isEmpty()) {
      log.warn("{} closed with {} {} not delivered", label, outbox.size(), queuedUnit);
    }
    setHealth(State.STOPPED, "closed");
  }

  private void runConnection() {
    Duration delay = reconnectMin;
    while (!closed) {
      setHealth(State.CONNECTING, adapter.connectingDetail());
      readyThisAttempt = false;
      String why;
      try {
        why = adapter.serve();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        why = adapter.describeFailure(e);
      } finally {
        setReady(null);
        S session = current;
        current = null;
        if (session != null) {
          adapter.discard(session);
        }
      }
      if (closed) {
        break;
      }
      if (readyThisAttempt) {
        delay = reconnectMin;
      }
      setHealth(State.DISCONNECTED, why + "; retrying in " + delay.toMillis() + " ms");
      log.info("{}: {}; retrying in {} ms", label, why, delay.toMillis());
      if (!pause(delay)) {
        break;
      }
      if (!readyThisAttempt) {
        delay = delay.multipliedBy(2).compareTo(reconnectMax) > 0 ? reconnectMax : delay.multipliedBy(2);
      }
    }
    setHealth(State.STOPPED, "closed");
  }

  private void runSender() {
    try {
      while (!closed) {
        OutboundQueue.Piece<T> next = outbox.takeFirst();
        S session = awaitReady();
        if (session == null) {
          outbox.putFirst(next);
          return;
        }
        if (!adapter.deliver(session, next.item())) {
          // The connection thread sees the drop too; keep the piece for the next session.
          outbox.putFirst(next);
          awaitNotReady(session);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hands an answer given with the platform's controls to the listener, on the caller's thread
   * (the platform waits for its acknowledgement); a listener that fails refuses the answer.
   */
  AnswerReceipt answer(IncomingAnswer answer) {
    ChatListener l = listener;
    if (l == null) {
      return new AnswerReceipt.Refused("The bot is not ready to take answers yet.");
    }
    try {
      return l.onAnswer(answer);
    } catch (RuntimeException e) {
      log.error("{}: listener failed on an answer to {}", label, answer.questionId(), e);
      return new AnswerReceipt.Refused("Your answer could not be recorded; try again.");
    }
  }

  private void runDispatcher(ChatListener listener) {
    try {
      while (!closed) {
        IncomingMessage message = inbox.take();
        try {
          listener.onMessage(message);
        } catch (RuntimeException e) {
          log.error("{}: listener failed on a message in {}", label, message.room(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private S awaitReady() throws InterruptedException {
    lock.lock();
    try {
      while (ready == null && !closed) {
        stateChanged.await();
      }
      return closed ? null : ready;
    } finally {
      lock.unlock();
    }
  }

  private void awaitNotReady(S session) throws InterruptedException {
    lock.lock();
    try {
      while (ready == session && !closed) {
        stateChanged.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void setReady(S session) {
    lock.lock();
    try {
      ready = session;
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits out a reconnect delay; false when the adapter was closed meanwhile. */
  private boolean pause(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    lock.lock();
    try {
      long left;
      while (!closed && (left = deadline - System.nanoTime()) > 0) {
        stateChanged.awaitNanos(left);
      }
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
