package dev.squall.engine.notify;

import java.util.Map;

/**
 * Sends a notification back to the chat room a command came from. The result's rendering for
 * chat (the alias's {@code result.format}) is the bot's job: message and data pass through.
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
    Map<String, Object> data = n.data();
    if (!(data.get("source_channel") instanceof String room) || room.isBlank()) {
      throw new IllegalArgumentException("the notification of execution " + n.executionId()
          + " for route " + name + " has no data.source_channel to post to");
    }
    Map<?, ?> ctx = data.get("source_context") instanceof Map<?, ?> m ? m : Map.of();
    String adapter = ctx.get("adapter") instanceof String a && !a.isBlank() ? a : name;
    String thread = null;
    for (String key : new String[] {"thread_id", "thread_ts", "thread"}) {
      if (ctx.get(key) != null) {
        thread = String.valueOf(ctx.get(key));
        break;
      }
    }
    chat.post(adapter, room, thread, n.message(), data);
  }
}
