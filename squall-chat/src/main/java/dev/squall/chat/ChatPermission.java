package dev.squall.chat;

/**
 * Whether a Squall user may run an action from chat: the server's authorization check
 * ({@code action_execute} on the action), asked for the user a chat identity runs as.
 */
@FunctionalInterface
public interface ChatPermission {

  boolean mayExecute(String squallUser, String actionRef);

  /**
   * Whether the user may see an execution ({@code !status}): {@code execution_view} on it. An
   * execution follows its action's grants, so by default whoever may run the action.
   */
  default boolean mayView(String squallUser, String executionId, String actionRef) {
    return mayExecute(squallUser, actionRef);
  }
}
