package dev.squall.engine.alias;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a chat command came from, so its result goes back there. Recorded once, by the bot, in
 * the execution's {@code notify.on_complete.data.source_context} as the map {@link #toMap()}
 * writes ({@code adapter, room, thread, user_id, user_name, direct, message_id}); everyone reads it back with
 * {@link #from}. External bots (hubot) record their own maps there, which read back with the
 * fields they lack as null.
 *
 * @param adapter the chat adapter's configured name (the platform connection)
 * @param thread the platform's thread id, or null
 * @param userName a display name (the bot writes the user id when the platform has none), or null
 * @param direct true for a direct (private) message
 * @param messageId the platform's id of the command's message, or null where it has none
 */
public record SourceContext(String adapter, String room, String thread, String userId, String userName,
    boolean direct, String messageId) {

  /** The stored form, keys in StackStorm's snake case; no {@code thread} or {@code message_id} when there is none. */
  public Map<String, Object> toMap() {
    Map<String, Object> sc = new LinkedHashMap<>();
    sc.put("adapter", adapter);
    sc.put("room", room);
    if (thread != null) {
      sc.put("thread", thread);
    }
    sc.put("user_id", userId);
    sc.put("user_name", userName);
    sc.put("direct", direct);
    if (messageId != null) {
      sc.put("message_id", messageId);
    }
    return sc;
  }

  /** The context a stored map records; empty when it is no map or an empty one. */
  public static Optional<SourceContext> from(Object stored) {
    if (!(stored instanceof Map<?, ?> m) || m.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SourceContext(string(m.get("adapter")), string(m.get("room")),
        m.get("thread") instanceof String t ? t : null, string(m.get("user_id")), string(m.get("user_name")),
        Boolean.TRUE.equals(m.get("direct")), string(m.get("message_id"))));
  }

  private static String string(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
