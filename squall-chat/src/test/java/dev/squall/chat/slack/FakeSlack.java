package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.FakePlatform;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Slack: the Web API methods the adapter calls and a Socket Mode WebSocket, answering with
 * the payloads Slack documents (hello, events_api envelopes, acks by envelope_id).
 */
public final class FakeSlack implements FakePlatform {

  public static final String BOT = "U0BOT";
  static final String APP_TOKEN = "xapp-1-A0APP-1-abc";
  static final String BOT_TOKEN = "xoxb-123-456-def";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One Web API request as Slack received it. */
  record Call(String method, String authorization, JsonNode body) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  /** The workspace's members that users.info knows: id to handle. */
  public final Map<String, String> users = new java.util.concurrent.ConcurrentHashMap<>(
      Map.of("U0ALICE", "alice", "U0BOB", "bob"));
  private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, Posted> byTs = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Edited> edits = new CopyOnWriteArrayList<>();
  final List<String> acks = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger rateLimitNext = new AtomicInteger();
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
  private volatile WsContext socket;
  /** The messages chat.postMessage stored, as Slack gives them back: with channel and ts. */
  public final List<ObjectNode> stored = new CopyOnWriteArrayList<>();
  /** Every envelope ack as the app sent it (envelope_id and any response payload). */
  final List<JsonNode> ackBodies = new CopyOnWriteArrayList<>();
  /** What the app POSTed to an interaction's response_url, in order. */
  final List<JsonNode> responses = new CopyOnWriteArrayList<>();
  private final AtomicInteger interactions = new AtomicInteger();
  private final Javalin app;

  public FakeSlack() {
    app = Javalin.create(config -> {
      // Slack takes every method by GET or POST, its arguments in the query, a form or JSON body.
      config.routes.get("/api/{method}", this::webApi);
      config.routes.post("/api/{method}", this::webApi);
      // An interaction's response_url (hooks.slack.com/actions/… on the real Slack): JSON, no token.
      config.routes.post("/actions/{id}", ctx -> {
        JsonNode response = JSON.readTree(ctx.body());
        responses.add(response);
        applyResponse(ctx.pathParam("id"), response);
        ctx.contentType("application/json").result("{\"ok\":true}");
      });
      config.routes.ws("/link/", ws -> {
        ws.onConnect(ctx -> {
          socket = ctx;
          connections.incrementAndGet();
          ctx.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"applink-fake\"},"
              + "\"connection_info\":{\"app_id\":\"A0APP\"}}");
        });
        ws.onMessage(ctx -> {
          ackBodies.add(JSON.readTree(ctx.message()));
          acks.add(JSON.readTree(ctx.message()).path("envelope_id").asText());
        });
      });
    }).start(0);
  }

  private void webApi(io.javalin.http.Context ctx) throws Exception {
    String method = ctx.pathParam("method");
    ObjectNode body = arguments(ctx);
    // A token may come as a bearer header or, as the official clients allow, a "token" argument.
    String authorization = ctx.header("Authorization") != null ? ctx.header("Authorization")
        : body.hasNonNull("token") ? "Bearer " + body.get("token").asText() : null;
    calls.add(new Call(method, authorization, body));
    ctx.contentType("application/json; charset=utf-8");
    // Slack answers a token of the wrong kind (or none) with ok:false, as the Web API does.
    String token = method.equals("apps.connections.open") ? APP_TOKEN : BOT_TOKEN;
    if (!("Bearer " + token).equals(authorization)) {
      ctx.result("{\"ok\":false,\"error\":\"" + (authorization == null ? "not_authed" : "invalid_auth") + "\"}");
      return;
    }
    switch (method) {
      case "auth.test" -> ctx.result("{\"ok\":true,\"url\":\"https://squall.slack.com/\",\"team\":\"Squall\","
          + "\"user\":\"squall\",\"team_id\":\"T0TEAM\",\"user_id\":\"" + BOT + "\",\"bot_id\":\"B0BOT\","
          + "\"is_enterprise_install\":false}");
      case "apps.connections.open" -> ctx.result("{\"ok\":true,\"url\":\"ws://localhost:" + port()
          + "/link/?ticket=t" + connections.get() + "&app_id=A0APP\"}");
      case "chat.postMessage" -> postMessage(ctx, body);
      case "chat.update" -> update(ctx, body);
      case "users.info" -> ctx.result(userInfo(body.path("user").asText()));
      case "views.open" -> ctx.result(body.hasNonNull("trigger_id") && body.has("view")
          ? "{\"ok\":true,\"view\":{\"id\":\"V0" + interactions.incrementAndGet() + "\",\"type\":\"modal\"}}"
          : "{\"ok\":false,\"error\":\"invalid_arguments\"}");
      default -> ctx.result("{\"ok\":false,\"error\":\"unknown_method\"}");
    }
  }

  private void postMessage(io.javalin.http.Context ctx, ObjectNode body) {
    if (rateLimitNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.status(429).header("Retry-After", "1").result("{\"ok\":false,\"error\":\"ratelimited\"}");
      return;
    }
    accepted.add(body);
    String ts = nextTs();
    byTs.put(body.path("channel").asText() + "/" + ts, posted(body));
    // Slack answers with the message as stored: the bot's ids, its ts, and the thread it went to.
    ObjectNode message = JSON.createObjectNode().put("type", "message").put("user", BOT).put("bot_id", "B0BOT")
        .put("app_id", "A0APP").put("team", "T0TEAM").put("text", body.path("text").asText("")).put("ts", ts);
    if (body.hasNonNull("thread_ts")) {
      message.put("thread_ts", body.get("thread_ts").asText());
    }
    for (String key : List.of("attachments", "blocks")) {
      if (body.has(key)) {
        message.set(key, body.get(key));
      }
    }
    stored.add(message.deepCopy().put("channel", body.path("channel").asText()));
    ObjectNode reply = JSON.createObjectNode().put("ok", true).put("channel", body.path("channel").asText())
        .put("ts", ts);
    reply.set("message", message);
    ctx.result(reply.toString());
  }

  /** {@code chat.update}: the channel and ts of a message the bot posted, and its new text or attachments. */
  private void update(io.javalin.http.Context ctx, ObjectNode body) {
    String channel = body.path("channel").asText();
    String ts = body.path("ts").asText();
    Posted original = byTs.get(channel + "/" + ts);
    if (original == null) {
      ctx.result("{\"ok\":false,\"error\":\"message_not_found\"}");
      return;
    }
    edits.add(new Edited(original, shownText(body), java.time.Instant.now(), "chat.update"));
    ctx.result(JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts)
        .put("text", body.path("text").asText("")).toString());
  }

  @Override
  public List<Edited> edited() {
    return List.copyOf(edits);
  }

  private String userInfo(String id) {
    String name = users.get(id);
    return name == null ? "{\"ok\":false,\"error\":\"user_not_found\"}"
        : "{\"ok\":true,\"user\":{\"id\":\"" + id + "\",\"team_id\":\"T0TEAM\",\"name\":\"" + name
            + "\",\"deleted\":false,\"real_name\":\"" + name.toUpperCase() + "\",\"tz\":\"Europe/Paris\","
            + "\"profile\":{\"real_name\":\"" + name.toUpperCase() + "\",\"display_name\":\"" + name + "\"},"
            + "\"is_admin\":false,\"is_bot\":false,\"updated\":1700000000}}";
  }

  /**
   * A method's arguments from the query string and the body, which is JSON or a URL-encoded form
   * (the official clients' default); a form carries {@code attachments} and {@code blocks} as JSON text.
   */
  private static ObjectNode arguments(io.javalin.http.Context ctx) throws java.io.IOException {
    ObjectNode args = JSON.createObjectNode();
    ctx.queryParamMap().forEach((k, v) -> args.put(k, v.getFirst()));
    String type = String.valueOf(ctx.contentType());
    if (type.startsWith("application/json")) {
      JsonNode json = JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
      json.properties().forEach(e -> args.set(e.getKey(), e.getValue()));
    } else if (ctx.method() == io.javalin.http.HandlerType.POST) {
      ctx.formParamMap().forEach((k, v) -> {
        String value = v.getFirst();
        if (List.of("attachments", "blocks", "metadata").contains(k)) {
          try {
            args.set(k, JSON.readTree(value));
            return;
          } catch (java.io.IOException notJson) {
            // Slack would answer invalid_arguments; keep the text so the test can see what came.
          }
        }
        args.put(k, value);
      });
    }
    return args;
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

  /** Sends an interactive envelope carrying {@code payload}, as Slack does for a click or a submitted modal. */
  void interactive(String envelopeId, JsonNode payload) {
    ObjectNode envelope = JSON.createObjectNode().put("envelope_id", envelopeId).put("type", "interactive")
        .put("accepts_response_payload", true);
    envelope.set("payload", payload);
    lastInteractive = envelope;
    socket.send(envelope.toString());
  }

  private volatile ObjectNode lastInteractive;
  /** Which message and clicker each response_url answers: its id to channel, ts and user. */
  private final Map<String, List<String>> responseTargets = new java.util.concurrent.ConcurrentHashMap<>();
  /** Ephemeral messages as the clicker alone saw them: user and text. */
  final List<Map.Entry<String, String>> ephemerals = new CopyOnWriteArrayList<>();

  /**
   * What Slack does with a response_url message: replace_original replaces the stored message's
   * text and blocks, an ephemeral one is shown to the clicker only.
   */
  private void applyResponse(String id, JsonNode response) {
    List<String> target = responseTargets.get(id);
    if (target == null) {
      return;
    }
    if ("ephemeral".equals(response.path("response_type").asText())) {
      ephemerals.add(Map.entry(target.get(2), response.path("text").asText()));
      return;
    }
    if (!response.path("replace_original").asBoolean(false)) {
      return;
    }
    for (ObjectNode message : stored) {
      if (message.path("channel").asText().equals(target.get(0)) && message.path("ts").asText().equals(target.get(1))) {
        message.put("text", response.path("text").asText(""));
        message.remove("blocks");
        if (response.has("blocks")) {
          message.set("blocks", response.get("blocks"));
        }
        message.putObject("edited").put("user", BOT).put("ts", nextTs());
      }
    }
  }

  /** A stored message as it is now (after any replace_original). */
  public ObjectNode message(String channel, String ts) {
    return stored.stream().filter(m -> m.path("channel").asText().equals(channel) && m.path("ts").asText().equals(ts))
        .findFirst().orElseThrow();
  }

  /** Sends the last interactive envelope again, as Slack does when it saw no ack in time. */
  void resendLastInteractive() {
    socket.send(lastInteractive.deepCopy().put("retry_attempt", 1).put("retry_reason", "timeout").toString());
  }

  private ObjectNode interactionBase(String type, String user) {
    int n = interactions.incrementAndGet();
    ObjectNode payload = JSON.createObjectNode().put("type", type).put("api_app_id", "A0APP").put("token", "x")
        .put("trigger_id", "1337." + n + ".abcdef").put("is_enterprise_install", false);
    payload.putObject("user").put("id", user).put("username", users.getOrDefault(user, user))
        .put("name", users.getOrDefault(user, user)).put("team_id", "T0TEAM");
    payload.putObject("team").put("id", "T0TEAM").put("domain", "squall");
    return payload;
  }

  /**
   * {@code user} clicks the element {@code actionId} of a stored message (for a static_select,
   * choosing {@code value}), as a block_actions payload: container, channel, the message itself,
   * a trigger_id and a response_url on this fake.
   */
  public void click(String envelopeId, String user, JsonNode message, String actionId, String value) {
    JsonNode block = null;
    JsonNode element = null;
    for (JsonNode b : message.path("blocks")) {
      for (JsonNode e : b.path("elements")) {
        if (e.path("action_id").asText().equals(actionId)) {
          block = b;
          element = e;
        }
      }
    }
    if (element == null) {
      throw new IllegalArgumentException("no element " + actionId + " in " + message);
    }
    ObjectNode payload = interactionBase("block_actions", user);
    ObjectNode container = payload.putObject("container").put("type", "message")
        .put("message_ts", message.path("ts").asText()).put("channel_id", message.path("channel").asText())
        .put("is_ephemeral", false);
    if (message.hasNonNull("thread_ts")) {
      container.put("thread_ts", message.get("thread_ts").asText());
    }
    payload.putObject("channel").put("id", message.path("channel").asText()).put("name", "ops");
    ObjectNode shown = ((ObjectNode) message).deepCopy();
    shown.remove("channel");
    payload.set("message", shown);
    String responseId = "T0TEAM" + interactions.get();
    responseTargets.put(responseId, List.of(message.path("channel").asText(), message.path("ts").asText(), user));
    payload.put("response_url", "http://localhost:" + port() + "/actions/" + responseId);
    ObjectNode action = payload.putArray("actions").addObject().put("action_id", actionId)
        .put("block_id", block.path("block_id").asText()).put("type", element.path("type").asText())
        .put("action_ts", nextTs());
    if (element.path("type").asText().equals("static_select")) {
      for (JsonNode option : element.path("options")) {
        if (option.path("value").asText().equals(value)) {
          action.set("selected_option", option);
        }
      }
    } else {
      action.set("text", element.path("text"));
      action.put("value", element.path("value").asText());
      if (element.has("style")) {
        action.put("style", element.get("style").asText());
      }
    }
    interactive(envelopeId, payload);
  }

  /**
   * {@code user} submits the modal the app opened with {@code views.open}, giving {@code values}
   * by block id (the element's action_id taken from the view), as a view_submission payload.
   */
  void submit(String envelopeId, String user, JsonNode openedView, Map<String, String> values) {
    ObjectNode payload = interactionBase("view_submission", user);
    ObjectNode view = ((ObjectNode) openedView).deepCopy().put("id", "V0SUBMIT").put("team_id", "T0TEAM")
        .put("app_id", "A0APP").put("bot_id", "B0BOT").put("hash", "1700000000.abc");
    ObjectNode state = view.putObject("state").putObject("values");
    for (JsonNode block : openedView.path("blocks")) {
      if (!block.path("type").asText().equals("input") || !values.containsKey(block.path("block_id").asText())) {
        continue;
      }
      JsonNode element = block.path("element");
      String given = values.get(block.path("block_id").asText());
      ObjectNode input = state.putObject(block.path("block_id").asText()).putObject(element.path("action_id").asText())
          .put("type", element.path("type").asText());
      if (element.path("type").asText().equals("static_select")) {
        for (JsonNode option : element.path("options")) {
          if (option.path("value").asText().equals(given)) {
            input.set("selected_option", option);
          }
        }
      } else {
        input.put("value", given);
      }
    }
    payload.set("view", view);
    payload.putArray("response_urls");
    interactive(envelopeId, payload);
  }

  /** Slack's warning before it closes a connection (e.g. every few hours for a refresh). */
  void disconnect() {
    socket.send("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":\"applink-fake\"}}");
  }

  /** The connection dropping without warning. */
  void drop() {
    socket.closeSession(1011, "gone");
  }

  /** Slack's message ids: seconds and microseconds since the epoch, unique per workspace. */
  private String nextTs() {
    long micros = clock.incrementAndGet();
    return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
  }

  @Override
  public Map<String, Object> adapterConfig() {
    return Map.of("type", "slack", "app_token", APP_TOKEN, "bot_token", BOT_TOKEN,
        "api_url", apiUrl(), "reconnect_min_ms", 10, "reconnect_max_ms", 500);
  }

  @Override
  public String userSays(String user, String room, String thread, String text) {
    String ts = nextTs();
    Map<String, Object> message = new java.util.HashMap<>(Map.of("type", "message", "user", user,
        "channel", room, "ts", ts, "text", text, "team", "T0TEAM",
        "channel_type", room.startsWith("D") ? "im" : "channel"));
    if (thread != null) {
      message.put("thread_ts", thread);
    }
    event("env-" + ts, message);
    return ts;
  }

  /** What a reader sees: the message text, or its attachments' texts when it has none. */
  private static String shownText(JsonNode body) {
    if (!body.path("text").asText("").isEmpty()) {
      return body.get("text").asText();
    }
    StringBuilder shown = new StringBuilder();
    body.path("attachments").forEach(a -> shown.append(a.path("text").asText()));
    return shown.toString();
  }

  @Override
  public List<Posted> posted() {
    return accepted.stream().map(FakeSlack::posted).toList();
  }

  private static Posted posted(JsonNode body) {
    return new Posted(body.path("channel").asText(),
        body.hasNonNull("thread_ts") ? body.get("thread_ts").asText() : null, shownText(body));
  }

  @Override
  public void close() {
    app.stop();
  }
}
