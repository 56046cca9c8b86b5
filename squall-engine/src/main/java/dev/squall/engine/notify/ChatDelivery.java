package dev.squall.engine.notify;

import java.util.Map;

/**
 * Posts a finished execution's result to the chat room its command came from; implemented by
 * the bot, which renders the result with the alias's template and picks adapter, room and thread
 * from the source context. Throws when it cannot deliver, so the notifier retries.
 */
@FunctionalInterface
public interface ChatDelivery {

  /**
   * @param sourceContext where the command came from ({@code adapter, room, thread…}), as the
   *     alias execution recorded it in {@code notify.on_complete.data.source_context}
   */
  void post(String executionId, Map<String, Object> sourceContext) throws Exception;
}
