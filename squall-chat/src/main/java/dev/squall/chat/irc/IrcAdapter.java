package dev.squall.chat.irc;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.ChatListener;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.TooManyRequestsException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IRC client adapter: plain or TLS, SASL PLAIN / server password / NickServ, flood control and
 * reconnect with exponential backoff.
 *
 * <p>Threads (all virtual): a connection thread that connects, reads and reconnects; a sender that
 * drains the outgoing queue at the flood-control pace once the bot is registered and has joined its
 * channels; and a dispatcher that hands incoming messages to the listener one at a time. Lines
 * queued while the connection is down wait (up to {@link IrcSettings#queueCapacity()}) and go out
 * after the reconnect. A line the sender writes to a socket that the peer has already closed, but
 * before the reader noticed, cannot be detected by IRC and is the one case of loss.
 *
 * <p>{@link IncomingMessage#userId()} is the sender's services account when the server tells it
 * (IRCv3 {@code account-tag}), else the nick: user and host parts change with the client's network
 * and ident, so they would make a poor identity.
 */
public final class IrcAdapter implements ChatAdapter {

  private static final Logger log = LoggerFactory.getLogger(IrcAdapter.class);
  static final String CHANNEL_PREFIXES = "#&+!";
  /** Host length assumed until the server shows us our own mask (RFC 1123 label limit). */
  private static final int UNKNOWN_HOST_LENGTH = 63;
  /** Room for a nick that grows by {@code _} on a later reconnect after splitting. */
  private static final int NICK_SLACK = 8;
  /** Less room than this per line would turn one reply into a flood of fragments. */
  private static final int MIN_TEXT_BYTES = 64;

  private final String name;
  private final IrcSettings settings;
  private final LinkedBlockingDeque<String> outbox;
  private final LinkedBlockingQueue<IncomingMessage> inbox = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stateChanged = lock.newCondition();
  private final ReentrantLock enqueueLock = new ReentrantLock();

  private IrcSession ready; // guarded by lock: registered and joined
  private volatile IrcSession current;
  private volatile AdapterHealth health;
  private volatile boolean closed;
  private volatile String ownUser;
  private volatile String ownHost;
  private List<Thread> threads = List.of();

  public IrcAdapter(String name, IrcSettings settings) {
    this.name = name;
    this.settings = settings;
    this.outbox = new LinkedBlockingDeque<>(settings.queueCapacity());
    this.health = new AdapterHealth(name, "irc", State.STOPPED, "not started", Instant.now());
  }

  @Override
  public String name() {
    return name;
  }

  /** The message length is the byte budget for a 50-character channel before our mask is known. */
  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("irc", budget(settings.nick(), "#".repeat(50)), false);
  }

  @Override
  public void start(ChatListener listener) {
    lock.lock();
    try {
      if (!threads.isEmpty() || closed) {
        throw new IllegalStateException("IRC adapter " + name + " was already started");
      }
      threads = List.of(
          Thread.ofVirtual().name("irc-" + name + "-conn").start(this::runConnection),
          Thread.ofVirtual().name("irc-" + name + "-send").start(this::runSender),
          Thread.ofVirtual().name("irc-" + name + "-dispatch").start(() -> runDispatcher(listener)));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues the text for the room (a channel, or a nick for a private message); never blocks.
   *
   * @throws TooManyRequestsException when the outgoing queue cannot hold the whole message
   */
  @Override
  public void send(OutgoingMessage message) {
    String target = message.room() == null ? "" : message.room().trim();
    // A space, comma or line break in the target would change the command's meaning.
    if (target.isEmpty() || target.startsWith(":") || target.chars().anyMatch(c -> c <= ' ' || c == ',')) {
      throw new BadRequestException("IRC adapter " + name + " cannot send to '" + message.room()
          + "': give a channel or a nick");
    }
    IrcSession s = current;
    int budget = budget(s == null ? settings.nick() : s.nick(), target);
    if (budget < MIN_TEXT_BYTES) {
      throw new BadRequestException("IRC adapter " + name + " cannot send to '" + target
          + "': the name is too long to leave room for text in a 512-byte IRC line");
    }
    List<String> lines = IrcText.split(message.text() == null ? "" : message.text(), budget)
        .stream().map(piece -> "PRIVMSG " + target + " :" + piece).toList();
    enqueueLock.lock();
    try {
      if (outbox.remainingCapacity() < lines.size()) {
        throw new TooManyRequestsException("IRC adapter " + name + " has " + outbox.size()
            + " lines waiting to go out; message to " + target + " refused, try again later");
      }
      outbox.addAll(lines);
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
    IrcSession s = current;
    if (s != null) {
      s.quit("Squall shutting down");
    }
    lock.lock();
    try {
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
    threads.forEach(Thread::interrupt);
    if (!outbox.isEmpty()) {
      log.warn("IRC adapter {} closed with {} lines not delivered", name, outbox.size());
    }
    setHealth(State.STOPPED, "closed");
  }

  /** UTF-8 bytes left for text in {@code :nick!user@host PRIVMSG target :text\r\n}. */
  int budget(String nick, String target) {
    String user = ownUser != null ? ownUser : "~" + settings.username();
    int hostLength = ownHost != null ? IrcText.utf8Bytes(ownHost) : UNKNOWN_HOST_LENGTH;
    int overhead = IrcText.utf8Bytes(":" + nick + "!" + user + "@" + " PRIVMSG " + target + " :")
        + hostLength + 2 + NICK_SLACK;
    return IrcText.MAX_LINE_BYTES - overhead;
  }

  private void runConnection() {
    Duration delay = settings.reconnectMin();
    while (!closed) {
      setHealth(State.CONNECTING, "connecting to " + settings.server() + ":" + settings.port());
      IrcSession session = null;
      String why;
      try {
        session = IrcSession.open(settings, this::onSessionEvent);
        current = session;
        session.readLoop();
        why = "connection to " + settings.server() + ":" + settings.port() + " closed"
            + (session.serverError() == null ? "" : " by the server: " + session.serverError());
      } catch (IOException e) {
        why = "cannot talk to " + settings.server() + ":" + settings.port() + ": " + e.getMessage();
      } catch (RuntimeException e) {
        why = "IRC protocol error: " + e;
        log.warn("IRC adapter {}: {}", name, why, e);
      } finally {
        setReady(null);
        current = null;
        if (session != null) {
          session.closeQuietly();
        }
      }
      if (closed) {
        break;
      }
      if (session != null && session.wasReady()) {
        delay = settings.reconnectMin();
      }
      setHealth(State.DISCONNECTED, why + "; retrying in " + delay.toMillis() + " ms");
      log.info("IRC adapter {}: {}; retrying in {} ms", name, why, delay.toMillis());
      if (!pause(delay)) {
        break;
      }
      if (session == null || !session.wasReady()) {
        delay = delay.multipliedBy(2).compareTo(settings.reconnectMax()) > 0
            ? settings.reconnectMax() : delay.multipliedBy(2);
      }
    }
    setHealth(State.STOPPED, "closed");
  }

  /** Called on the connection thread for what the session learns. */
  private void onSessionEvent(IrcSession session, IrcSession.Event event) {
    switch (event) {
      case IrcSession.Event.Ready r -> {
        setHealth(State.CONNECTED, connectedDetail(session));
        setReady(session);
      }
      case IrcSession.Event.NickChanged n -> {
        if (session.wasReady()) {
          setHealth(State.CONNECTED, connectedDetail(session));
        }
      }
      case IrcSession.Event.OwnMask m -> {
        ownUser = m.user();
        ownHost = m.host();
      }
      case IrcSession.Event.Message m -> {
        String text = IrcSession.stripFormatting(m.text());
        boolean direct = CHANNEL_PREFIXES.indexOf(m.target().charAt(0)) < 0;
        inbox.add(new IncomingMessage(name, m.account() != null ? m.account() : m.nick(), m.nick(),
            direct ? m.nick() : m.target(), null, direct, mentions(text, session.nick()), text,
            Instant.now()));
      }
      case IrcSession.Event.Problem p -> {
        log.warn("IRC adapter {}: {}", name, p.detail());
        setHealth(health.state(), p.detail());
      }
    }
  }

  private String connectedDetail(IrcSession session) {
    return "connected to " + settings.server() + ":" + settings.port() + " as " + session.nick()
        + (settings.channels().isEmpty() ? "" : ", in " + String.join(" ", settings.channels()))
        + (session.warning() == null ? "" : "; " + session.warning());
  }

  /** Addressed to the bot: {@code nick: …}, {@code nick, …}, or {@code @nick} anywhere. */
  static boolean mentions(String text, String nick) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    String n = nick.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith(n + ":") || lower.startsWith(n + ",")) {
      return true;
    }
    int at = lower.indexOf("@" + n);
    while (at >= 0) {
      int end = at + 1 + n.length();
      boolean startOk = at == 0 || !isNickChar(lower.charAt(at - 1));
      boolean endOk = end == lower.length() || !isNickChar(lower.charAt(end));
      if (startOk && endOk) {
        return true;
      }
      at = lower.indexOf("@" + n, at + 1);
    }
    return false;
  }

  private static boolean isNickChar(char c) {
    return Character.isLetterOrDigit(c) || "-_[]\\`^{}|".indexOf(c) >= 0;
  }

  private void runSender() {
    TokenBucket bucket = new TokenBucket(settings.floodBurst(), settings.floodInterval().toNanos(), System.nanoTime());
    try {
      while (!closed) {
        String line = outbox.takeFirst();
        IrcSession session = awaitReady();
        if (session == null) {
          outbox.putFirst(line);
          return;
        }
        long wait;
        while ((wait = bucket.tryTake(System.nanoTime())) > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        }
        try {
          session.write(line);
        } catch (IOException e) {
          // The reader will see the broken connection too; keep the line for the next session.
          outbox.putFirst(line);
          session.closeQuietly();
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
          log.error("IRC adapter {}: listener failed on a message in {}", name, message.room(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IrcSession awaitReady() throws InterruptedException {
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

  private void awaitNotReady(IrcSession session) throws InterruptedException {
    lock.lock();
    try {
      while (ready == session && !closed) {
        stateChanged.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void setReady(IrcSession session) {
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

  private void setHealth(State state, String detail) {
    AdapterHealth old = health;
    if (old.state() == State.STOPPED && closed && state != State.STOPPED) {
      return;
    }
    health = new AdapterHealth(name, "irc", state, detail, old.state() == state ? old.since() : Instant.now());
  }
}
