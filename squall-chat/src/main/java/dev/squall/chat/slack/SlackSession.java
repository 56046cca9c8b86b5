package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.JsonSocket;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** One Socket Mode WebSocket, from {@code apps.connections.open} until it drops. */
final class SlackSession extends JsonSocket {

  final String botUserId;
  final CompletableFuture<Void> hello = new CompletableFuture<>();
  private final BiConsumer<SlackSession, JsonNode> onEvent;
  private final BiConsumer<SlackSession, JsonNode> onInteractive;

  SlackSession(String botUserId, BiConsumer<SlackSession, JsonNode> onEvent) {
    this(botUserId, onEvent, (session, envelope) -> session.ack(envelope.path("envelope_id").asText(), null));
  }

  /**
   * @param onInteractive an {@code interactive} envelope (a button click, a modal submitted), which
   *     it must {@link #ack} within 3 seconds, on the listener thread
   */
  SlackSession(String botUserId, BiConsumer<SlackSession, JsonNode> onEvent,
      BiConsumer<SlackSession, JsonNode> onInteractive) {
    this.botUserId = botUserId;
    this.onEvent = onEvent;
    this.onInteractive = onInteractive;
  }

  /**
   * Acknowledges an envelope, with a response payload where Slack accepts one (a
   * {@code view_submission}'s {@code response_action}); from any thread, one send at a time.
   */
  synchronized void ack(String envelopeId, JsonNode payload) {
    if (envelopeId == null || envelopeId.isEmpty() || socket() == null) {
      return;
    }
    com.fasterxml.jackson.databind.node.ObjectNode ack = JSON.createObjectNode().put("envelope_id", envelopeId);
    if (payload != null) {
      ack.set("payload", payload);
    }
    socket().sendText(ack.toString(), true).join();
  }

  @Override
  protected void onMessage(JsonNode env) {
    switch (env.path("type").asText()) {
      case "hello" -> hello.complete(null);
      case "disconnect" -> ended.complete("Slack asked to reconnect (" + env.path("reason").asText() + ")");
      case "events_api" -> {
        // Ack first: Slack re-sends an envelope it has not seen acked within 3 seconds.
        if (env.hasNonNull("envelope_id")) {
          ack(env.get("envelope_id").asText(), null);
        }
        onEvent.accept(this, env.path("payload"));
      }
      case "interactive" -> onInteractive.accept(this, env);
      default -> { }
    }
  }

  void close() {
    end("closed");
  }
}
