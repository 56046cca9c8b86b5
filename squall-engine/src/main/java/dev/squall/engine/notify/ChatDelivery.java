package dev.squall.engine.notify;

import java.util.Map;

/** Posts a message to a chat room; implemented by the bot. */
@FunctionalInterface
public interface ChatDelivery {

  /**
   * @param adapter the chat platform's adapter (from the command's source context), or the
   *     route name when the context names none
   * @param room the room (channel) the command came from
   * @param thread the thread to answer in, or null
   * @param extra the notification's data: {@code user}, {@code source_channel},
   *     {@code source_context}, {@code result} (JSON text) and whatever the spec added
   */
  void post(String adapter, String room, String thread, String message,
      Map<String, Object> extra) throws Exception;
}
