package dev.squall.chat;

/**
 * One connection to a chat platform. The bot drives any number of adapters at once.
 *
 * <p>Contract: {@link #start} returns at once and connects in the background; an adapter that
 * cannot connect retries with backoff and reports it in {@link #health()}, and never throws out of
 * its own threads or takes the server down. Incoming messages are handed to the listener on the
 * adapter's own (virtual) thread, one at a time per adapter, in arrival order. {@link #send} may be
 * called from any thread; the adapter splits text longer than {@link PlatformLimits#maxMessageLength}
 * in order and applies the platform's flood control or rate limits.
 */
public interface ChatAdapter extends AutoCloseable {

  /** The adapter's configured name (the key under {@code chat.}), e.g. {@code irc}. */
  String name();

  /** The platform's limits and capabilities. */
  PlatformLimits limits();

  /**
   * Whether every line of a message shows as a message of its own (IRC, XMPP), so that a long
   * result would flood the room: the bot then posts only its first {@code chat.max_lines} lines
   * and a link to the execution.
   */
  default boolean lineBased() {
    return false;
  }

  /** Starts connecting; messages addressed to anyone in joined rooms and DMs go to the listener. */
  void start(ChatListener listener);

  /** Sends text (and platform extras) to a room or direct conversation, in a thread if given. */
  void send(OutgoingMessage message);

  /**
   * Sends a message that may be edited later (a progress message, a question), and returns how to
   * address it, or empty where the platform or this adapter cannot edit ({@link #edits()} false).
   * Unlike {@link #send} it waits until the platform has accepted the message, since the id comes
   * from the platform; a message longer than one platform message is cut, not split.
   */
  default java.util.Optional<PostedMessage> post(OutgoingMessage message) {
    send(message);
    return java.util.Optional.empty();
  }

  /** Whether {@link #post} returns messages that {@link #edit} can change. */
  default boolean edits() {
    return false;
  }

  /**
   * Replaces a posted message's text (and controls: an answered question loses its buttons).
   * Only called when {@link #edits()}; edits respect the platform's rate limits and a failed edit
   * is logged, never thrown.
   */
  default void edit(PostedMessage posted, OutgoingMessage replacement) {
    throw new UnsupportedOperationException(name() + " cannot edit messages");
  }

  /**
   * Whether this adapter renders a {@link OutgoingMessage.Kind#QUESTION} with the platform's own
   * controls and reports answers through {@link ChatListener#onAnswer}; otherwise the question's
   * text (which says how to answer by typing) is sent.
   */
  default boolean asksWithControls() {
    return false;
  }

  AdapterHealth health();

  /**
   * How a reply names the user it answers, in front of a result in a shared room: by default the
   * name, where the platform has mention markup that notifies the user (Slack's {@code <@U…>},
   * Mattermost's {@code @name}) that markup.
   */
  default String addressee(String userId, String userName) {
    return userName == null || userName.isBlank() ? userId : userName;
  }

  /**
   * Where a direct (private) message to a user goes, or empty where the platform or this adapter
   * has no direct messages to the bot's users. The bot sends one-time links only there.
   */
  default java.util.Optional<String> directRoom(String userId, String userName) {
    return java.util.Optional.empty();
  }

  /** Disconnects and stops all background work. */
  @Override
  void close();
}
