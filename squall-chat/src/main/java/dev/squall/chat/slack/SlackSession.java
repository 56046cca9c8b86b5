package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** One Socket Mode WebSocket, from {@code apps.connections.open} until it drops. */
final class SlackSession implements WebSocket.Listener {

  private static final ObjectMapper JSON = new ObjectMapper();

  final String botUserId;
  final CompletableFuture<Void> hello = new CompletableFuture<>();
  final CompletableFuture<String> ended = new CompletableFuture<>();
  private final BiConsumer<SlackSession, JsonNode> onEvent;
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;

  SlackSession(String botUserId, BiConsumer<SlackSession, JsonNode> onEvent) {
    this.botUserId = botUserId;
    this.onEvent = onEvent;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      try {
        envelope(JSON.readTree(text));
      } catch (Exception e) {
        ended.complete("bad Socket Mode frame: " + e.getMessage());
      }
    }
    webSocket.request(1);
    return null;
  }

  private void envelope(JsonNode env) {
    switch (env.path("type").asText()) {
      case "hello" -> hello.complete(null);
      case "disconnect" -> ended.complete("Slack asked to reconnect (" + env.path("reason").asText() + ")");
      case "events_api" -> {
        // Ack first: Slack re-sends an envelope it has not seen acked within 3 seconds.
        if (env.hasNonNull("envelope_id")) {
          socket.sendText(JSON.createObjectNode().put("envelope_id", env.get("envelope_id").asText()).toString(), true)
              .join();
        }
        onEvent.accept(this, env.path("payload"));
      }
      default -> { }
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    ended.complete("WebSocket closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    ended.complete("WebSocket failed: " + error);
  }

  void close() {
    WebSocket s = socket;
    if (s != null) {
      s.abort();
    }
    ended.complete("closed");
  }
}
