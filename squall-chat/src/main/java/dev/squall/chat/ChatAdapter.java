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
