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

  SlackSession(String botUserId, BiConsumer<SlackSession, JsonNode> onEvent) {
    this.botUserId = botUserId;
    this.onEvent = onEvent;
  }

  @Override
  protected void onMessage(JsonNode env) {
    switch (env.path("type").asText()) {
      case "hello" -> hello.complete(null);
      case "disconnect" -> ended.complete("Slack asked to reconnect (" + env.path("reason").asText() + ")");
      case "events_api" -> {
        // Ack first: Slack re-sends an envelope it has not seen acked within 3 seconds.
        if (env.hasNonNull("envelope_id")) {
          socket().sendText(JSON.createObjectNode().put("envelope_id", env.get("envelope_id").asText()).toString(), true)
              .join();
        }
        onEvent.accept(this, env.path("payload"));
      }
      default -> { }
    }
  }

  void close() {
    end("closed");
  }
}
