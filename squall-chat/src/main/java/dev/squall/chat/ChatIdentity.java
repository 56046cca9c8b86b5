package dev.squall.chat;

/**
 * Who a chat user is to Squall.
 *
 * @param chatUser the chat user's name (StackStorm's {@code api_user})
 * @param squallUser the Squall user executions run as
 * @param linkedBy how the chat user came to run as {@code squallUser}: {@link #CONFIG}
 *     ({@code chat.users}), {@link #LINK} ({@code squall user link} or {@code !link}),
 *     {@link #LOGIN} (an adapter whose users logged in to Squall, the web chat), or null when the
 *     chat user is not linked and runs as the default user
 */
public record ChatIdentity(String chatUser, String squallUser, String linkedBy) {

  public static final String CONFIG = "chat.users";
  public static final String LINK = "linked";
  public static final String LOGIN = "logged in";

  /** False when the chat user is not linked and runs as the default user. */
  public boolean mapped() {
    return linkedBy != null;
  }
}
