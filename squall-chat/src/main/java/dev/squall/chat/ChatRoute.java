package dev.squall.chat;

/**
 * The notification route the bot gives alias executions ({@code notify.on_complete.routes}
 * holds {@value #NAME}); where its reply goes is the execution's
 * {@link dev.squall.engine.alias.SourceContext}.
 */
public final class ChatRoute {

  public static final String NAME = "chat";

  private ChatRoute() {}
}
