package dev.squall.chat;

import java.time.Instant;
import java.util.Map;

/**
 * An answer given through a platform's own controls — a button click, a submitted form — to a
 * {@link Question} the bot posted. Typed answers ({@code !respond ID key=value}) arrive as
 * ordinary {@link IncomingMessage}s instead.
 *
 * @param adapter the adapter's configured name
 * @param userId the platform's stable id for who answered
 * @param userName a display name
 * @param room where the question was
 * @param thread its thread, or null
 * @param questionId the {@link Question#id()} answered
 * @param values the answer, field name to value (a boolean button gives {@code true}/{@code false})
 * @param message the question's message, so that it can be edited to show who answered, or null
 * @param receivedAt when the platform delivered the answer
 */
public record IncomingAnswer(
    String adapter, String userId, String userName, String room, String thread, String questionId,
    Map<String, Object> values, PostedMessage message, Instant receivedAt) {

  public IncomingAnswer {
    values = Map.copyOf(values);
  }
}
