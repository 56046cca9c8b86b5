package dev.squall.chat;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.core.error.TooManyRequestsException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * A chat adapter that holds one connection at a time and keeps reconnecting, with exponential
 * backoff, until it is closed. A subclass says how to open and serve one session and how to write
 * one queued piece to it; this class runs the connection, sender and dispatcher threads (see
 * {@link ConnectionLoop}), the bounded outgoing queue and the adapter's health.
 *
 * @param <S> the protocol's session: one connection, from login until it drops
 * @param <T> one queued piece of an outgoing message
 */
public abstract class ReconnectingAdapter<S, T> implements ChatAdapter {

  /** How long opening one connection may take before the attempt counts as failed. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private final String name;
  private final ConnectionLoop<S, T> loop;
  private volatile ChatListener listener = message -> { };

  /**
   * @param platform the platform id in health and thread names, e.g. {@code irc}
   * @param name the adapter's configured name
   * @param queuedUnit what a queued piece is called in messages, e.g. {@code lines}
   * @param log the subclass's logger, so its messages keep their category
   */
  protected ReconnectingAdapter(String platform, String name, String queuedUnit, Logger log,
      int queueCapacity, Duration reconnectMin, Duration reconnectMax) {
    this.name = name;
    this.loop = new ConnectionLoop<>(this, platform, name, queuedUnit, log, queueCapacity,
        reconnectMin, reconnectMax);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void start(ChatListener listener) {
    this.listener = listener;
    loop.start(listener);
  }

  /**
   * Waits out the platform's rate limit before sending again: the one place an adapter sleeps
   * for it, so that every wait is counted ({@link ChatListener#rateLimited}).
   */
  protected final void waitOutRateLimit(Duration wait) throws InterruptedException {
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    Thread.sleep(wait);
    listener.rateLimited(wait);
  }

  @Override
  public final AdapterHealth health() {
    return loop.health();
  }

  /** Hangs up the live session, stops all threads and reports STOPPED. */
  @Override
  public final void close() {
    loop.close();
    closed();
  }

  /** After the adapter closed: stops what outlives sessions (e.g. a callback listener). Must not throw. */
  protected void closed() {
  }

  /** The health detail while connecting, e.g. {@code connecting to host:port}. */
  protected abstract String connectingDetail();

  /**
   * Opens one session and serves it until it ends, on the connection thread. Calls
   * {@link #opened} as soon as the session exists and {@link #ready} once it may send.
   *
   * @return why the session ended
   * @throws Exception when connecting fails or the session breaks
   */
  protected abstract String serve() throws Exception;

  /** Why an attempt failed, for the health detail and log, from what {@link #serve} threw. */
  protected abstract String describeFailure(Exception e);

  /**
   * Writes one piece to a ready session, on the sender thread.
   *
   * @return false when the session is broken: the piece is kept for the next session
   */
  protected abstract boolean deliver(S session, T piece) throws InterruptedException;

  /** Ends a session that is over (or never got ready); must not throw. */
  protected abstract void discard(S session);

  /**
   * Ends the live session because the adapter is closing: by default like {@link #discard};
   * override to say goodbye first where the protocol has a way to.
   */
  protected void hangUp(S session) {
    discard(session);
  }

  /**
   * Queues the pieces of one message; never blocks.
   *
   * @param target where the message goes (the room, whose own queue takes turns with the other
   *     rooms'), also for the refusal message
   * @throws TooManyRequestsException when the outgoing queue cannot hold them all
   */
  protected final void enqueue(List<T> pieces, Object target) {
    loop.enqueue(pieces, target);
  }

  /**
   * Hands an answer given with the platform's controls to the listener and returns what became of
   * it, on the calling thread; never throws.
   */
  protected final AnswerReceipt answered(IncomingAnswer answer) {
    return loop.answer(answer);
  }

  /** Hands an incoming message to the dispatcher thread. */
  protected final void received(IncomingMessage message) {
    loop.received(message);
  }

  /** The open session (ready or not), or null between connections. */
  protected final S currentSession() {
    return loop.current();
  }

  protected final void opened(S session) {
    loop.opened(session);
  }

  /** The session may send: the sender starts draining the queue into it. */
  protected final void ready(S session) {
    loop.ready(session);
  }

  protected final boolean isClosed() {
    return loop.isClosed();
  }

  protected final void setHealth(State state, String detail) {
    loop.setHealth(state, detail);
  }
}
