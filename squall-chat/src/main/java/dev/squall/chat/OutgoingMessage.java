package dev.squall.chat;

import java.util.Map;

/**
 * What the bot sends. {@code extra} carries platform-specific rich content (an alias's
 * {@code extra.slack} and the like); adapters without rich messages ignore it.
 */
public record OutgoingMessage(String room, String thread, String text, Map<String, Object> extra) {

  public OutgoingMessage {
    extra = extra == null ? Map.of() : extra;
  }

  public static OutgoingMessage text(String room, String thread, String text) {
    return new OutgoingMessage(room, thread, text, Map.of());
  }
}
