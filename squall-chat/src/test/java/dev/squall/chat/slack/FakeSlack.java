package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Slack: the Web API methods the adapter calls and a Socket Mode WebSocket, answering with
 * the payloads Slack documents (hello, events_api envelopes, acks by envelope_id).
 */
final class FakeSlack implements AutoCloseable {

  static final String BOT = "U0BOT";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One Web API request as Slack received it. */
  record Call(String method, String authorization, JsonNode body) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> acks = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger rateLimitNext = new AtomicInteger();
  private volatile WsContext socket;
  private final Javalin app;

  FakeSlack() {
    app = Javalin.create(config -> {
      config.routes.post("/api/{method}", ctx -> {
        String method = ctx.pathParam("method");
        calls.add(new Call(method, ctx.header("Authorization"), JSON.readTree(ctx.body().isEmpty() ? "{}" : ctx.body())));
        ctx.contentType("application/json");
        switch (method) {
          case "auth.test" -> ctx.result("{\"ok\":true,\"url\":\"https://squall.slack.com/\",\"team\":\"Squall\","
              + "\"user\":\"squall\",\"team_id\":\"T0TEAM\",\"user_id\":\"" + BOT + "\",\"bot_id\":\"B0BOT\"}");
          case "apps.connections.open" -> ctx.result("{\"ok\":true,\"url\":\"ws://localhost:" + port()
              + "/link/?ticket=t" + connections.get() + "&app_id=A0APP\"}");
          case "chat.postMessage" -> {
            if (rateLimitNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              ctx.status(429).header("Retry-After", "1").result("{\"ok\":false,\"error\":\"ratelimited\"}");
            } else {
              ctx.result("{\"ok\":true,\"channel\":\"C0CHAN\",\"ts\":\"1503435956.000247\"}");
            }
          }
          default -> ctx.result("{\"ok\":false,\"error\":\"unknown_method\"}");
        }
      });
      config.routes.ws("/link/", ws -> {
        ws.onConnect(ctx -> {
          socket = ctx;
          connections.incrementAndGet();
          ctx.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"applink-fake\"},"
              + "\"connection_info\":{\"app_id\":\"A0APP\"}}");
        });
        ws.onMessage(ctx -> acks.add(JSON.readTree(ctx.message()).path("envelope_id").asText()));
      });
    }).start(0);
  }

  int port() {
    return app.port();
  }

  String apiUrl() {
    return "http://localhost:" + port() + "/api/";
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Sends an events_api envelope carrying {@code event}, as Slack does for a subscribed event. */
  void event(String envelopeId, Map<String, Object> event) {
    ObjectNode payload = JSON.createObjectNode().put("token", "x").put("team_id", "T0TEAM")
        .put("api_app_id", "A0APP").put("type", "event_callback").put("event_id", "Ev" + envelopeId)
        .put("event_time", 1_700_000_000);
    payload.set("event", JSON.valueToTree(event));
    ObjectNode envelope = JSON.createObjectNode().put("envelope_id", envelopeId).put("type", "events_api")
        .put("accepts_response_payload", false).put("retry_attempt", 0).put("retry_reason", "");
    envelope.set("payload", payload);
    socket.send(envelope.toString());
  }

  /** Slack's warning before it closes a connection (e.g. every few hours for a refresh). */
  void disconnect() {
    socket.send("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":\"applink-fake\"}}");
  }

  /** The connection dropping without warning. */
  void drop() {
    socket.closeSession(1011, "gone");
  }

  @Override
  public void close() {
    app.stop();
  }
}
