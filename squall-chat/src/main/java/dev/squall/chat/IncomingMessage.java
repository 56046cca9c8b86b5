package dev.squall.chat;

import java.time.Instant;

/**
 * A chat message as the bot sees it, whatever the platform.
 *
 * @param adapter the adapter's configured name
 * @param userId the platform's stable id for the sender (IRC: nick!user@host's account or nick;
 *     XMPP: bare JID or room occupant's real JID when known)
 * @param userName a display name for replies and audit
 * @param room where to answer: a channel / MUC room, or the DM partner's id when {@code direct}
 * @param thread the platform's thread id when the message is in a thread, else null
 * @param direct true for a direct (private) message
 * @param mentioned true when the platform marks the bot as mentioned (a plain-text mention stays
 *     in the text; a platform's own mention markup, such as Slack's {@code <@U…>}, is removed)
 * @param messageId the platform's id for this message (Slack's {@code ts}, Matrix's event id…),
 *     or null where the platform has none (IRC, XMPP, the console, the web chat)
 */
public record IncomingMessage(
    String adapter, String userId, String userName, String room, String thread, boolean direct,
    boolean mentioned, String text, Instant receivedAt, String messageId) {

  /** A message the platform gives no id. */
  public IncomingMessage(String adapter, String userId, String userName, String room, String thread,
      boolean direct, boolean mentioned, String text, Instant receivedAt) {
    this(adapter, userId, userName, room, thread, direct, mentioned, text, receivedAt, null);
  }
}
