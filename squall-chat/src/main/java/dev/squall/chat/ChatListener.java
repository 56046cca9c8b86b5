package dev.squall.chat;

/** Receives what users say where the adapter listens. */
@FunctionalInterface
public interface ChatListener {
  void onMessage(IncomingMessage message);

  /**
   * A user answered a {@link Question} with the platform's controls (a button, a form). Returns at
   * once (platforms want interactions acknowledged within seconds) with what became of it.
   */
  default AnswerReceipt onAnswer(IncomingAnswer answer) {
    return new AnswerReceipt.Refused("This bot takes no answers here.");
  }

  /**
   * The adapter waited {@code waited} for its platform's rate limit (a 429's Retry-After, an
   * empty bucket, IRC flood control) before it could send; counted for the metrics.
   */
  default void rateLimited(java.time.Duration waited) {
  }
}
