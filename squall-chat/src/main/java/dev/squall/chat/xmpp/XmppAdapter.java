package dev.squall.chat.xmpp;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.ReconnectingAdapter;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.TooManyRequestsException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
public final class XmppAdapter extends ReconnectingAdapter<XmppSession, XmppAdapter.Outgoing> {

  private static final Logger log = LoggerFactory.getLogger(XmppAdapter.class);

  /** One queued piece of an outgoing message. */
  record Outgoing(EntityBareJid to, String text) {}

  private final XmppSettings settings;

  public XmppAdapter(String name, XmppSettings settings) {
    super("xmpp", name, "messages", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
  }

  /**
   * A room shows a long body as a wall of lines, with no thread or attachment to fold it into:
   * treated as line-based, so a long result is cut to its first lines and a link.
   */
  @Override
  public boolean lineBased() {
    return true;
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("xmpp", settings.maxMessageLength(), false);
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
      throw new BadRequestException("XMPP adapter " + name() + " cannot send to '" + message.room()
          + "': give a bare JID like user@example.org or a room JID");
    }
    // XMPP clients show plain text (XHTML-IM is obsolete): a failure is marked with an icon.
    String shown = message.kind() == OutgoingMessage.Kind.FAILURE ? "❌ " + message.text() : message.text();
    enqueue(XmppText.split(XmppText.clean(shown), settings.maxMessageLength())
        .stream().map(text -> new Outgoing(to, text)).toList(), to);
  }

  @Override
  protected String connectingDetail() {
    return "connecting as " + settings.jid();
  }

  /** A Smack session is logged in and in its rooms when it opens: ready at once. */
  @Override
  protected String serve() throws Exception {
    CompletableFuture<Exception> dropped = new CompletableFuture<>();
    XmppSession session = XmppSession.open(settings, this::onMessage, dropped);
    opened(session);
    if (isClosed()) {
      return "closed";
    }
    ready(session);
    List<String> problems = session.problems();
    problems.forEach(p -> log.warn("XMPP adapter {}: {}", name(), p));
    setHealth(State.CONNECTED, "connected as " + session.jid()
        + (session.joinedRooms().isEmpty() ? "" : ", in " + String.join(" ", session.joinedRooms()))
        + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
    Exception error = dropped.get();
    // Our own reasons (kicked, unanswered ping) are IOExceptions; the rest come from Smack.
    return error == null ? "connection closed"
        : error instanceof java.io.IOException ? error.getMessage() : "connection lost: " + error.getMessage();
  }

  @Override
  protected String describeFailure(Exception e) {
    return e instanceof ExecutionException
        ? "connection lost: " + e.getCause()
        : "cannot connect as " + settings.jid() + ": " + describe(e);
  }

  @Override
  protected boolean deliver(XmppSession session, Outgoing next) throws InterruptedException {
    try {
      session.send(next.to(), next.text());
      return true;
    } catch (SmackException.NotConnectedException e) {
      return false;
    }
  }

  @Override
  protected void discard(XmppSession session) {
    session.disconnect();
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Called on Smack's in-order listener thread. */
  private void onMessage(XmppSession session, XmppSession.Received m) {
    received(new IncomingMessage(name(), m.userId(), m.userName(), m.room(), null, m.direct(),
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
}
