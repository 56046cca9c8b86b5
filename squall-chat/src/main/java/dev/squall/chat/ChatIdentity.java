package dev.squall.chat;

/**
 * Who a chat user is to Squall.
 *
 * @param chatUser the chat user's name (StackStorm's {@code api_user})
 * @param squallUser the Squall user executions run as
 * @param mapped false when the chat user is not mapped and runs as the default user
 */
public record ChatIdentity(String chatUser, String squallUser, boolean mapped) {}
