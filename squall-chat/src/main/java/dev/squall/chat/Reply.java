package dev.squall.chat;

import java.util.ArrayList;
import dev.squall.chat.OutgoingMessage.Kind;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer to a room (and thread): split at the platform's limit, in order, and capped at
 * {@code maxParts} messages, the last of which then says where the rest is.
 */
final class Reply {

  private static final Logger LOG = LoggerFactory.getLogger(Reply.class);

  private final ChatAdapter adapter;
  private final String room;
  private final String thread;
  private final int maxParts;
  private final IntFunction<String> pointer;

  /** @param pointer the last message when the text is cut, given how many parts were shown */
  Reply(ChatAdapter adapter, String room, String thread, int maxParts, IntFunction<String> pointer) {
    this.adapter = adapter;
    this.room = room;
    this.thread = thread;
    this.maxParts = maxParts;
    this.pointer = pointer != null ? pointer
        : shown -> "… the rest is cut (" + shown + " parts shown); narrow it down, e.g. with a help filter.";
  }

  /** Sends a plain message; what the adapter throws reaches the caller. */
  void text(String text, Map<String, Object> extra) {
    send(text, extra, Kind.PLAIN);
  }

  /** Sends a result ({@code RESULT} or {@code FAILURE}); what the adapter throws reaches the caller. */
  void send(String text, Map<String, Object> extra, Kind kind) {
    List<String> parts = Chunks.split(text, adapter.limits().maxMessageLength());
    if (parts.size() > maxParts) {
      List<String> capped = new ArrayList<>(parts.subList(0, maxParts - 1));
      capped.add(pointer.apply(capped.size()));
      parts = capped;
    }
    for (int i = 0; i < parts.size(); i++) {
      adapter.send(new OutgoingMessage(room, thread, parts.get(i), i == 0 ? extra : null, kind));
    }
  }

  /** Sends an error answer; a failure to send is only logged (there is nobody else to tell). */
  void safely(String text) {
    try {
      text(text == null ? "Unknown error" : text, null);
    } catch (RuntimeException e) {
      LOG.warn("cannot answer in {} {}: {}", adapter.name(), room, e.toString());
    }
  }
}
