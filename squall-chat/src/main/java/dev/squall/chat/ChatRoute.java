package dev.squall.chat;

import dev.squall.engine.execution.model.Execution;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notification route the bot gives alias executions ({@code notify.on_complete.routes}
 * holds {@value #NAME}), and where its reply goes ({@code notify.on_complete.data.source_context}:
 * {@code adapter, room, thread, user_id, user_name, direct}).
 */
public final class ChatRoute {

  public static final String NAME = "chat";

  private ChatRoute() {}

  /** The source context of an execution whose result goes back to chat, else empty. */
  public static Optional<Map<String, Object>> sourceContext(Execution e) {
    if (!(e.context().get("notify") instanceof Map<?, ?> notify)
        || !(notify.get("on_complete") instanceof Map<?, ?> onComplete)
        || !(onComplete.get("routes") instanceof List<?> routes)
        || !routes.contains(NAME)
        || !(onComplete.get("data") instanceof Map<?, ?> data)
        || !(data.get("source_context") instanceof Map<?, ?> source)) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) source;
    return Optional.of(typed);
  }
}
