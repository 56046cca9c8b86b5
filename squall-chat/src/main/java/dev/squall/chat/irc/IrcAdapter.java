package dev.squall.chat.irc;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.ReconnectingAdapter;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.TooManyRequestsException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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
public final class IrcAdapter extends ReconnectingAdapter<IrcSession, String> {

  private static final Logger log = LoggerFactory.getLogger(IrcAdapter.class);
  static final String CHANNEL_PREFIXES = "#&+!";
  /** Host length assumed until the server shows us our own mask (RFC 1123 label limit). */
  private static final int UNKNOWN_HOST_LENGTH = 63;
  /** Room for a nick that grows by {@code _} on a later reconnect after splitting. */
  private static final int NICK_SLACK = 8;
  /** Less room than this per line would turn one reply into a flood of fragments. */
  private static final int MIN_TEXT_BYTES = 64;

  private final IrcSettings settings;
  private final TokenBucket bucket; // used by the sender thread only
  private volatile String ownUser;
  private volatile String ownHost;

  public IrcAdapter(String name, IrcSettings settings) {
    super("irc", name, "lines", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
    this.bucket = new TokenBucket(settings.floodBurst(), settings.floodInterval().toNanos(), System.nanoTime());
  }

  /** The message length is the byte budget for a 50-character channel before our mask is known. */
  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("irc", budget(settings.nick(), "#".repeat(50)), false);
  }

  /** Every line is a message of its own. */
  @Override
  public boolean lineBased() {
    return true;
  }

  /** A private message goes to the sender's nick. */
  @Override
  public java.util.Optional<String> directRoom(String userId, String userName) {
    return java.util.Optional.ofNullable(userName).filter(n -> !n.isBlank());
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
      throw new BadRequestException("IRC adapter " + name() + " cannot send to '" + message.room()
          + "': give a channel or a nick");
    }
    IrcSession s = currentSession();
    int budget = budget(s == null ? settings.nick() : s.nick(), target);
    if (budget < MIN_TEXT_BYTES) {
      throw new BadRequestException("IRC adapter " + name() + " cannot send to '" + target
          + "': the name is too long to leave room for text in a 512-byte IRC line");
    }
    enqueue(IrcText.split(marked(message), budget)
        .stream().map(piece -> "PRIVMSG " + target + " :" + piece).toList(), target);
  }

  /** Bold red (mIRC codes 0x02 and 0x03 04, reset by 0x0F) in front of a failure, when colours are on. */
  static final String FAILED = "\u0002\u000304failed:\u000f ";

  /** The text, a failed execution's result marked as one when {@code colors} is on. */
  private String marked(OutgoingMessage message) {
    return message.kind() == OutgoingMessage.Kind.FAILURE && settings.colors() ? FAILED + message.text() : message.text();
  }

  /** UTF-8 bytes left for text in {@code :nick!user@host PRIVMSG target :text\r\n}. */
  int budget(String nick, String target) {
    String user = ownUser != null ? ownUser : "~" + settings.username();
    int hostLength = ownHost != null ? IrcText.utf8Bytes(ownHost) : UNKNOWN_HOST_LENGTH;
    int overhead = IrcText.utf8Bytes(":" + nick + "!" + user + "@" + " PRIVMSG " + target + " :")
        + hostLength + 2 + NICK_SLACK;
    return IrcText.MAX_LINE_BYTES - overhead;
  }

  @Override
  protected String connectingDetail() {
    return "connecting to " + settings.server() + ":" + settings.port();
  }

  @Override
  protected String serve() throws IOException {
    IrcSession session = IrcSession.open(settings, this::onSessionEvent);
    opened(session);
    session.readLoop();
    return "connection to " + settings.server() + ":" + settings.port() + " closed"
        + (session.serverError() == null ? "" : " by the server: " + session.serverError());
  }

  @Override
  protected String describeFailure(Exception e) {
    if (e instanceof IOException) {
      return "cannot talk to " + settings.server() + ":" + settings.port() + ": " + e.getMessage();
    }
    String why = "IRC protocol error: " + e;
    log.warn("IRC adapter {}: {}", name(), why, e);
    return why;
  }

  /** Paced by flood control. */
  @Override
  protected boolean deliver(IrcSession session, String line) throws InterruptedException {
    long wait;
    while ((wait = bucket.tryTake(System.nanoTime())) > 0) {
      waitOutRateLimit(Duration.ofNanos(wait));
    }
    try {
      session.write(line);
      return true;
    } catch (IOException e) {
      // The reader will see the broken connection too; the line waits for the next session.
      session.closeQuietly();
      return false;
    }
  }

  @Override
  protected void discard(IrcSession session) {
    session.closeQuietly();
  }

  @Override
  protected void hangUp(IrcSession session) {
    session.quit("Squall shutting down");
  }

  /** Called on the connection thread for what the session learns. */
  private void onSessionEvent(IrcSession session, IrcSession.Event event) {
    switch (event) {
      case IrcSession.Event.Ready r -> {
        setHealth(State.CONNECTED, connectedDetail(session));
        ready(session);
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
        received(new IncomingMessage(name(), m.account() != null ? m.account() : m.nick(), m.nick(),
            direct ? m.nick() : m.target(), null, direct, mentions(text, session.nick()), text,
            Instant.now()));
      }
      case IrcSession.Event.Problem p -> {
        log.warn("IRC adapter {}: {}", name(), p.detail());
        setHealth(health().state(), p.detail());
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
}
