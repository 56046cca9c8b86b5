package dev.squall.chat;

/**
 * Whether a Squall user may run an action from chat: the server's authorization check
 * ({@code action_execute} on the action), asked for the user a chat identity runs as.
 */
@FunctionalInterface
public interface ChatPermission {
  boolean mayExecute(String squallUser, String actionRef);
}
