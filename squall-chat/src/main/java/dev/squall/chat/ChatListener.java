package dev.squall.chat;

/** Receives what users say where the adapter listens. */
@FunctionalInterface
public interface ChatListener {
  void onMessage(IncomingMessage message);

  /** A user answered a {@link Question} with the platform's controls (a button, a form). */
  default void onAnswer(IncomingAnswer answer) {}
}
