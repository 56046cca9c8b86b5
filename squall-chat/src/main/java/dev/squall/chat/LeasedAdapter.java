package dev.squall.chat;

import dev.squall.core.error.UnavailableException;
import dev.squall.engine.cluster.Leases;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An adapter connected only while this node holds its lease {@code chat:<name>}, so that of
 * several nodes sharing a store exactly one is in the room: connected when the lease is taken,
 * disconnected when it is lost (before another node can take it), a fresh connection each time.
 */
final class LeasedAdapter implements ChatAdapter {

  private final ChatAdapter first;
  private final Supplier<ChatAdapter> fresh;
  private final Leases leases;
  private final String lease;
  private ChatAdapter current;
  private ChatAdapter unused;
  private ChatListener listener;
  private boolean closed;
  private Instant since = Instant.now();

  /**
   * @param first the adapter as configured, used for the first connection
   * @param fresh makes another like it for each later connection (a closed adapter stays closed)
   */
  LeasedAdapter(ChatAdapter first, Supplier<ChatAdapter> fresh, Leases leases) {
    this.first = first;
    this.unused = first;
    this.fresh = fresh;
    this.leases = leases;
    this.lease = lease(first.name());
  }

  /** The lease that guards adapter {@code name}'s connection. */
  static String lease(String name) {
    return "chat:" + name;
  }

  @Override
  public String name() {
    return first.name();
  }

  @Override
  public PlatformLimits limits() {
    return first.limits();
  }

  @Override
  public boolean lineBased() {
    return first.lineBased();
  }

  /** Connects whenever the lease is held from now on. */
  @Override
  public void start(ChatListener listener) {
    synchronized (this) {
      this.listener = listener;
    }
    leases.guard(lease, this::connect, this::disconnect);
  }

  private synchronized void connect() {
    if (closed || current != null) {
      return;
    }
    current = unused != null ? unused : fresh.get();
    unused = null;
    since = Instant.now();
    current.start(listener);
  }

  private void disconnect() {
    ChatAdapter was;
    synchronized (this) {
      was = current;
      current = null;
      since = Instant.now();
    }
    if (was != null) {
      was.close();
    }
  }

  /** Whether this node is connected for it (holds the lease). */
  synchronized boolean active() {
    return current != null;
  }

  private synchronized ChatAdapter connected() {
    if (current == null) {
      throw new UnavailableException("chat adapter " + name() + " is connected by "
          + leases.holder(lease).map(n -> "node " + n).orElse("no node right now")
          + ", not by this node (" + leases.node() + ")");
    }
    return current;
  }

  @Override
  public void send(OutgoingMessage message) {
    connected().send(message);
  }

  @Override
  public Optional<PostedMessage> post(OutgoingMessage message) {
    return connected().post(message);
  }

  @Override
  public boolean edits() {
    return first.edits();
  }

  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    connected().edit(posted, replacement);
  }

  @Override
  public boolean asksWithControls() {
    return first.asksWithControls();
  }

  @Override
  public synchronized AdapterHealth health() {
    if (current != null) {
      return current.health();
    }
    return new AdapterHealth(name(), first.health().platform(), AdapterHealth.State.STOPPED,
        leases.holder(lease).map(n -> "connected by node " + n)
            .orElse("waiting for lease " + lease), since);
  }

  @Override
  public String addressee(String userId, String userName) {
    return first.addressee(userId, userName);
  }

  @Override
  public Optional<String> directRoom(String userId, String userName) {
    ChatAdapter c;
    synchronized (this) {
      c = current;
    }
    return c == null ? Optional.empty() : c.directRoom(userId, userName);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    disconnect();
  }
}
