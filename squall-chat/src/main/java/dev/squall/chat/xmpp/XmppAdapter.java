package dev.squall.chat.xmpp;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.ChatListener;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.TooManyRequestsException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jivesoftware.smack.SmackException;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An XMPP adapter on Smack: one-to-one chats and multi-user chat rooms.
 *
 * <p>Each (re)connect builds a fresh Smack connection, logs in and joins every room again without
 * history, so a reconnect can never replay old room messages as new commands. Delayed messages
 * (room history, offline storage) are ignored for the same reason. The connection thread waits
 * out failures with exponential backoff; a sender thread drains the outgoing queue once the bot is
 * connected; a dispatcher hands incoming messages to the listener one at a time, in order.
 *
 * <p>{@link IncomingMessage#userId()} is the sender's bare JID for direct messages; in rooms it is
 * the occupant's real bare JID when the room discloses it, else the occupant JID
 * ({@code room@service/nick}).
 */
public final class XmppAdapter implements ChatAdapter {

  private static final Logger log = LoggerFactory.getLogger(XmppAdapter.class);

  /** One queued piece of an outgoing message. */
  private record Outgoing(EntityBareJid to, String text) {}

  private final String name;
  private final XmppSettings settings;
  private final LinkedBlockingDeque<Outgoing> outbox;
  private final LinkedBlockingQueue<IncomingMessage> inbox = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stateChanged = lock.newCondition();
  private final ReentrantLock enqueueLock = new ReentrantLock();

  private XmppSession ready; // guarded by lock
  private volatile XmppSession current;
  private volatile AdapterHealth health;
  private volatile boolean closed;
  private List<Thread> threads = List.of();

  public XmppAdapter(String name, XmppSettings settings) {
    this.name = name;
    this.settings = settings;
    this.outbox = new LinkedBlockingDeque<>(settings.queueCapacity());
    this.health = new AdapterHealth(name, "xmpp", State.STOPPED, "not started", Instant.now());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("xmpp", settings.maxMessageLength(), false);
  }

  @Override
  public void start(ChatListener listener) {
    lock.lock();
    try {
      if (!threads.isEmpty() || closed) {
        throw new IllegalStateException("XMPP adapter " + name + " was already started");
      }
      threads = List.of(
          Thread.ofVirtual().name("xmpp-" + name + "-conn").start(this::runConnection),
          Thread.ofVirtual().name("xmpp-" + name + "-send").start(this::runSender),
          Thread.ofVirtual().name("xmpp-" + name + "-dispatch").start(() -> runDispatcher(listener)));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues the text for a configured room (sent as groupchat) or any other JID (sent as chat);
   * never blocks.
   *
   * @throws TooManyRequestsException when the outgoing queue cannot hold the whole message
   */
  @Override
  public void send(OutgoingMessage message) {
    EntityBareJid to;
    try {
      to = JidCreate.entityBareFrom(message.room() == null ? "" : message.room().trim());
    } catch (XmppStringprepException | IllegalArgumentException e) {
      throw new BadRequestException("XMPP adapter " + name + " cannot send to '" + message.room()
          + "': give a bare JID like user@example.org or a room JID");
    }
    List<Outgoing> pieces = XmppText.split(XmppText.clean(message.text() == null ? "" : message.text()), settings.maxMessageLength())
        .stream().map(text -> new Outgoing(to, text)).toList();
    enqueueLock.lock();
    try {
      if (outbox.remainingCapacity() < pieces.size()) {
        throw new TooManyRequestsException("XMPP adapter " + name + " has " + outbox.size()
            + " messages waiting to go out; message to " + to + " refused, try again later");
      }
      outbox.addAll(pieces);
    } finally {
      enqueueLock.unlock();
    }
  }

  @Override
  public AdapterHealth health() {
    return health;
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
    threads.forEach(Thread::interrupt);
    XmppSession s = current;
    if (s != null) {
      s.disconnect();
    }
    if (!outbox.isEmpty()) {
      log.warn("XMPP adapter {} closed with {} messages not delivered", name, outbox.size());
    }
    setHealth(State.STOPPED, "closed");
  }

  private void runConnection() {
    Duration delay = settings.reconnectMin();
    while (!closed) {
      setHealth(State.CONNECTING, "connecting as " + settings.jid());
      XmppSession session = null;
      boolean wasReady = false;
      String why;
      try {
        CompletableFuture<Exception> dropped = new CompletableFuture<>();
        session = XmppSession.open(settings, this::onMessage, dropped);
        current = session;
        if (closed) {
          break;
        }
        wasReady = true;
        delay = settings.reconnectMin();
        setReady(session);
        List<String> problems = session.problems();
        problems.forEach(p -> log.warn("XMPP adapter {}: {}", name, p));
        setHealth(State.CONNECTED, "connected as " + session.jid()
            + (session.joinedRooms().isEmpty() ? "" : ", in " + String.join(" ", session.joinedRooms()))
            + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
        Exception error = dropped.get();
        // Our own reasons (kicked, unanswered ping) are IOExceptions; the rest come from Smack.
        why = error == null ? "connection closed"
            : error instanceof java.io.IOException ? error.getMessage() : "connection lost: " + error.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        why = "connection lost: " + e.getCause();
      } catch (Exception e) {
        why = "cannot connect as " + settings.jid() + ": " + describe(e);
      } finally {
        setReady(null);
        current = null;
        if (session != null) {
          session.disconnect();
        }
      }
      if (closed) {
        break;
      }
      setHealth(State.DISCONNECTED, why + "; retrying in " + delay.toMillis() + " ms");
      log.info("XMPP adapter {}: {}; retrying in {} ms", name, why, delay.toMillis());
      if (!pause(delay)) {
        break;
      }
      if (!wasReady) {
        delay = delay.multipliedBy(2).compareTo(settings.reconnectMax()) > 0
            ? settings.reconnectMax() : delay.multipliedBy(2);
      }
    }
    setHealth(State.STOPPED, "closed");
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Called on Smack's in-order listener thread. */
  private void onMessage(XmppSession session, XmppSession.Received m) {
    inbox.add(new IncomingMessage(name, m.userId(), m.userName(), m.room(), null, m.direct(),
        mentions(m.text(), m.ownNick()), m.text(), Instant.now()));
  }

  /** Addressed to the bot: {@code nick: …}, {@code nick, …}, or {@code @nick} anywhere. */
  static boolean mentions(String text, String nick) {
    String lower = text.toLowerCase(Locale.ROOT);
    String n = nick.toLowerCase(Locale.ROOT);
    if (lower.startsWith(n + ":") || lower.startsWith(n + ",")) {
      return true;
    }
    for (int at = lower.indexOf("@" + n); at >= 0; at = lower.indexOf("@" + n, at + 1)) {
      int end = at + 1 + n.length();
      boolean startOk = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
      boolean endOk = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private void runSender() {
    try {
      while (!closed) {
        Outgoing next = outbox.takeFirst();
        XmppSession session = awaitReady();
        if (session == null) {
          outbox.putFirst(next);
          return;
        }
        try {
          session.send(next.to(), next.text());
        } catch (SmackException.NotConnectedException e) {
          // The connection thread sees the drop too; keep the message for the next session.
          outbox.putFirst(next);
          awaitNotReady(session);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runDispatcher(ChatListener listener) {
    try {
      while (!closed) {
        IncomingMessage message = inbox.take();
        try {
          listener.onMessage(message);
        } catch (RuntimeException e) {
          log.error("XMPP adapter {}: listener failed on a message in {}", name, message.room(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private XmppSession awaitReady() throws InterruptedException {
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

  private void awaitNotReady(XmppSession session) throws InterruptedException {
    lock.lock();
    try {
      while (ready == session && !closed) {
        stateChanged.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void setReady(XmppSession session) {
    lock.lock();
    try {
      ready = session;
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

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

  private void setHealth(State state, String detail) {
    AdapterHealth old = health;
    if (old.state() == State.STOPPED && closed && state != State.STOPPED) {
      return;
    }
    health = new AdapterHealth(name, "xmpp", state, detail, old.state() == state ? old.since() : Instant.now());
  }
}
