package dev.squall.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket connection to a platform that speaks JSON text messages (Slack Socket Mode, the
 * Mattermost event stream, the Discord Gateway): joins each message's frames, parses it and hands
 * it to {@link #onMessage} one at a time, and records in {@link #ended} why the connection ended.
 * What the messages mean is the subclass's business.
 */
public abstract class JsonSocket implements WebSocket.Listener {

  protected static final ObjectMapper JSON = new ObjectMapper();

  /** Why the connection ended; completes once, and the adapter's {@code serve} returns it. */
  public final CompletableFuture<String> ended = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;

  /** One whole message, on the WebSocket's listener thread. */
  protected abstract void onMessage(JsonNode message) throws IOException;

  /**
   * A message that could not be read or handled. By default the connection is no longer trusted
   * and ends; a platform whose stream may carry the odd unreadable event overrides this to skip it.
   */
  protected void unreadable(String text, Exception e) {
    end("unreadable message: " + e.getMessage());
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  @Override
  public final CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      try {
        onMessage(JSON.readTree(text));
      } catch (IOException | RuntimeException e) {
        unreadable(text, e);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    ended.complete("WebSocket closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    ended.complete("connection lost: " + error);
  }

  /** The open WebSocket, or null before it opened. */
  protected final WebSocket socket() {
    return socket;
  }

  /** Ends the connection at once, without a close frame. */
  public void end(String why) {
    ended.complete(why);
    WebSocket s = socket;
    if (s != null) {
      s.abort();
    }
  }
}
