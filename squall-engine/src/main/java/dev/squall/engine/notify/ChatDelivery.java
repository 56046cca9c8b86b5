package dev.squall.engine.notify;

import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.execution.model.Execution;

/**
 * Posts a finished execution's result to the chat room its command came from; implemented by
 * the bot, which renders the result with the alias's template and picks adapter, room and thread
 * from the source context. Throws when it cannot deliver, so the notifier retries.
 */
@FunctionalInterface
public interface ChatDelivery {

  /**
   * @param execution the finished execution
   * @param source where the command came from, as the alias execution recorded it in
   *     {@code notify.on_complete.data.source_context}
   */
  void post(Execution execution, SourceContext source) throws Exception;
}
