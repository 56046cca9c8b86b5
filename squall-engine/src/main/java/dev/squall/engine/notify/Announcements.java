package dev.squall.engine.notify;

import dev.squall.engine.event.Event;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chat announcement StackStorm's {@code chatops.post_message} publishes, in one place for
 * every sender: payload {@code {channel, user, whisper, message, extra, context}} wrapped as the
 * stream's {@code {payload, trace_context}}.
 */
public final class Announcements {

  private Announcements() {}

  public static Map<String, Object> payload(Object channel, Object user, Object whisper, Object message,
      Object extra, Object context) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("channel", channel);
    p.put("user", user);
    p.put("whisper", whisper != null && Boolean.parseBoolean(String.valueOf(whisper)));
    p.put("message", message);
    p.put("extra", extra == null ? Map.of() : extra);
    p.put("context", context);
    return p;
  }

  /** The event for {@code st2.announcement__<route>}. */
  public static Event.Announcement event(String route, Map<String, Object> payload) {
    return event(route, payload, null);
  }

  /** The event for {@code st2.announcement__<route>} announcing a result of that status. */
  public static Event.Announcement event(String route, Map<String, Object> payload, ExecutionStatus resultStatus) {
    Map<String, Object> data = new HashMap<>();
    data.put("payload", payload);
    data.put("trace_context", null);
    return new Event.Announcement(route, data, resultStatus);
  }
}
