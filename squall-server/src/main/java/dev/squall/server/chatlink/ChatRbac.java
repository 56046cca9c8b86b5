package dev.squall.server.chatlink;

import dev.squall.chat.ChatPermission;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.rbac.Authorizer;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;

/** The bot's permission check: the API's one ({@link Authorizer}), for the user a chat identity runs as. */
public final class ChatRbac implements ChatPermission {

  private final Authorizer rbac;

  public ChatRbac(Authorizer rbac) {
    this.rbac = rbac;
  }

  @Override
  public boolean mayExecute(String squallUser, String actionRef) {
    return rbac.allowed(chat(squallUser), PermissionType.ACTION_EXECUTE, Target.action(actionRef));
  }

  @Override
  public boolean mayView(String squallUser, String executionId, String actionRef) {
    return rbac.allowed(chat(squallUser), PermissionType.EXECUTION_VIEW, Target.execution(executionId, actionRef));
  }

  private static Principal chat(String user) {
    return new Principal(user, false, "chat");
  }
}
