package dev.squall.engine.notify;

import java.util.Map;

/**
 * Sends an alias execution's result back to the chat room its command came from. Rendering the
 * result for chat (the alias's {@code result.format}) is the bot's job.
 */
public final class ChatRoute implements Route {

  private final String name;
  private final ChatDelivery chat;

  public ChatRoute(String name, ChatDelivery chat) {
    this.name = name;
    this.chat = chat;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Notification n) throws Exception {
    if (!(n.data().get("source_context") instanceof Map<?, ?> ctx) || ctx.isEmpty()) {
      throw new IllegalArgumentException("the notification of execution " + n.executionId()
          + " for route " + name + " has no data.source_context saying where to post");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) ctx;
    chat.post(n.executionId(), source);
  }
}
