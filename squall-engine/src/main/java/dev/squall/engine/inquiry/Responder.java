package dev.squall.engine.inquiry;

/**
 * Who answers an inquiry or an approval.
 *
 * @param user the Squall user (a chat identity's linked user, or the API caller)
 * @param chat the chat identity it answered as, {@code adapter:user} ({@code irc:bob}), or null
 *     when it answered through the API
 */
public record Responder(String user, String chat) {

  /** Through the API or the CLI, as {@code user}. */
  public static Responder api(String user) {
    return new Responder(user, null);
  }

  /** As the log and the chat show it: the user, and the chat identity when there is one. */
  public String shown() {
    return chat == null ? user : user + " (" + chat + ")";
  }
}
