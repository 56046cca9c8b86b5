package dev.squall.chat;

/** Receives what users say where the adapter listens. */
@FunctionalInterface
public interface ChatListener {
  void onMessage(IncomingMessage message);
}
