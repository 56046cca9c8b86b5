package dev.squall.engine.notify;

import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.execution.ExecutionService;

/**
 * Sends an alias execution's result back to the chat room its command came from: the finished
 * execution, fetched once here, and its source context. Rendering the result for chat (the
 * alias's {@code result.format}) is the bot's job.
 */
public final class ChatRoute implements Route {

  private final String name;
  private final ExecutionService executions;
  private final ChatDelivery chat;

  public ChatRoute(String name, ExecutionService executions, ChatDelivery chat) {
    this.name = name;
    this.executions = executions;
    this.chat = chat;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Notification n) throws Exception {
    SourceContext source = SourceContext.from(n.data().get("source_context"))
        .orElseThrow(() -> new IllegalArgumentException("the notification of execution " + n.executionId()
            + " for route " + name + " has no data.source_context saying where to post"));
    chat.post(executions.get(n.executionId()), source);
  }
}
