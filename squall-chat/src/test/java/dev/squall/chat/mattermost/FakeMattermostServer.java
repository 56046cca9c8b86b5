package dev.squall.chat.mattermost;

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
 * A Mattermost server as far as the adapter sees it, replaying the payloads of the API v4
 * reference: {@code GET /api/v4/users/me}, {@code POST /api/v4/posts} (with 429s on demand) and
 * the WebSocket with its authentication challenge, {@code hello} and {@code posted} events.
 */
public final class FakeMattermostServer implements FakePlatform {

  static final String TOKEN = "xoxo-bot-token-4f9c";
  static final String BOT_ID = "bot1d000000000000000000000";
  static final String TEAM_ID = "team0000000000000000000000";

  /** A request the adapter made. */
  record Request(String method, String path, String authorization, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Exactly this: the official client parses a body as JSON only when the type is this string. */
  private static final String JSON_TYPE = "application/json";

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, Posted> byId = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Edited> edits = new CopyOnWriteArrayList<>();
  private final AtomicLong botPostIds = new AtomicLong();
  /** The posts as the server stored them, with their ids. */
  public final List<ObjectNode> created = new CopyOnWriteArrayList<>();
  private final List<JsonNode> socketMessages = new CopyOnWriteArrayList<>();
  private final List<WsContext> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger rateLimitedPosts = new AtomicInteger();
  /** Each connection numbers its events from 0 (hello), as the server does: a gap makes the client reconnect. */
  private final Map<WsContext, AtomicLong> eventSeqs = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong postIds = new AtomicLong();
  /**
   * A new connection's id is never one used before: the client takes a hello with its previous id
   * as a resumed connection, whose events go on from where it left off, not from 0.
   */
  private final AtomicInteger connectionIds = new AtomicInteger();
  private final List<String> connectQueries = new CopyOnWriteArrayList<>();
  private final AtomicInteger failingPosts = new AtomicInteger();
  private volatile Map<String, String> rateLimitHeaders = Map.of();
  private final Javalin app;

  public FakeMattermostServer() {
    app = Javalin.create(config -> {
      config.routes.get("/api/v4/users/me", ctx -> {
        requests.add(new Request("GET", ctx.path(), ctx.header("Authorization"), null));
        if (!authorized(ctx)) {
          ctx.status(401).contentType(JSON_TYPE).result("{\"id\":\"api.context.session_expired.app_error\",\"message\":\"Invalid or expired session, please login again.\",\"status_code\":401}");
          return;
        }
        ctx.contentType(JSON_TYPE).result("{\"id\":\"" + BOT_ID + "\",\"create_at\":1700000000000,"
            + "\"update_at\":1700000000000,\"delete_at\":0,\"username\":\"squall\",\"auth_data\":\"\","
            + "\"auth_service\":\"\",\"email\":\"squall@localhost\",\"nickname\":\"\",\"first_name\":\"\","
            + "\"last_name\":\"\",\"position\":\"\",\"roles\":\"system_user\",\"is_bot\":true,\"locale\":\"en\"}");
      });
      config.routes.post("/api/v4/posts", ctx -> {
        JsonNode body = JSON.readTree(ctx.body());
        requests.add(new Request("POST", ctx.path(), ctx.header("Authorization"), body));
        if (!authorized(ctx)) {
          ctx.status(401).contentType(JSON_TYPE).result("{\"id\":\"api.context.session_expired.app_error\",\"message\":\"Invalid or expired session, please login again.\",\"status_code\":401}");
          return;
        }
        if (failingPosts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          ctx.status(503).contentType(JSON_TYPE).result("{\"id\":\"store.sql.unavailable\",\"message\":\"database unavailable\",\"status_code\":503}");
          return;
        }
        if (rateLimitedPosts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          rateLimitHeaders.forEach(ctx::header);
          ctx.status(429).contentType(JSON_TYPE).result("{\"id\":\"api.context.rate_limit\",\"message\":\"limit exceeded\",\"status_code\":429}");
          return;
        }
        accepted.add(body);
        String id = "p" + requests.size() + "b" + botPostIds.incrementAndGet();
        ObjectNode created = ((ObjectNode) body.deepCopy()).put("id", id)
            .put("user_id", BOT_ID).put("create_at", System.currentTimeMillis());
        byId.put(id, posted(body));
        this.created.add(created);
        ctx.status(201).contentType("application/json").result(created.toString());
      });
      config.routes.put("/api/v4/posts/{id}/patch", ctx -> {
        JsonNode body = JSON.readTree(ctx.body());
        requests.add(new Request("PUT", ctx.path(), ctx.header("Authorization"), body));
        if (!authorized(ctx)) {
          ctx.status(401).contentType(JSON_TYPE).result("{\"id\":\"api.context.session_expired.app_error\",\"message\":\"Invalid or expired session, please login again.\",\"status_code\":401}");
          return;
        }
        Posted original = byId.get(ctx.pathParam("id"));
        if (original == null) {
          ctx.status(404).contentType(JSON_TYPE).result("{\"id\":\"app.post.get.app_error\",\"message\":\"Unable to get the post.\",\"status_code\":404}");
          return;
        }
        edits.add(new Edited(original, body.path("message").asText(original.text()), java.time.Instant.now(),
            "PUT /api/v4/posts/{post_id}/patch"));
        ObjectNode patched = JSON.createObjectNode().put("id", ctx.pathParam("id")).put("channel_id", original.room())
            .put("user_id", BOT_ID).put("message", body.path("message").asText(original.text()))
            .put("edit_at", System.currentTimeMillis());
        ctx.status(200).contentType(JSON_TYPE).result(patched.toString());
      });
      config.routes.ws("/api/v4/websocket", ws -> {
        ws.onConnect(ctx -> connectQueries.add(ctx.queryString() == null ? "" : ctx.queryString()));
        ws.onMessage(ctx -> {
          JsonNode message = JSON.readTree(ctx.message());
          socketMessages.add(message);
          if ("ping".equals(message.path("action").asText())) {
            ctx.send("{\"status\":\"OK\",\"seq_reply\":" + message.path("seq").asLong()
                + ",\"data\":{\"text\":\"pong\",\"version\":\"9.11.0\",\"server_time\":" + System.currentTimeMillis() + "}}");
            return;
          }
          if ("authentication_challenge".equals(message.path("action").asText())) {
            if (!TOKEN.equals(message.path("data").path("token").asText())) {
              ctx.send("{\"status\":\"FAIL\",\"seq_reply\":" + message.path("seq").asLong()
                  + ",\"error\":{\"id\":\"api.web_socket_router.not_authenticated.app_error\",\"message\":\"not authenticated\"}}");
              return;
            }
            ctx.send("{\"status\":\"OK\",\"seq_reply\":" + message.path("seq").asLong() + "}");
            ctx.send("{\"event\":\"hello\",\"data\":{\"connection_id\":\"c" + connectionIds.getAndIncrement()
                + "\",\"server_version\":\"9.11.0.9.11.0.abc.false\"},\"broadcast\":{\"omit_users\":null,"
                + "\"user_id\":\"" + BOT_ID + "\",\"channel_id\":\"\",\"team_id\":\"\"},\"seq\":0}");
            eventSeqs.put(ctx, new AtomicLong(1));
            sockets.add(ctx);
          }
        });
        ws.onClose(ctx -> {
          sockets.remove(ctx);
          eventSeqs.remove(ctx);
        });
      });
    }).start(0);
  }

  /**
   * As the server reads a token: the {@code Authorization} header with a {@code Bearer} or
   * {@code Token} scheme in any case (the official client writes {@code BEARER}), or the
   * {@code access_token} query parameter.
   */
  private static boolean authorized(io.javalin.http.Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null) {
      String[] parts = header.split(" ", 2);
      return parts.length == 2 && (parts[0].equalsIgnoreCase("bearer") || parts[0].equalsIgnoreCase("token"))
          && parts[1].equals(TOKEN);
    }
    return TOKEN.equals(ctx.queryParam("access_token"));
  }

  String url() {
    return "http://localhost:" + app.port();
  }

  List<Request> requests() {
    return requests;
  }

  List<Request> posts() {
    return requests.stream().filter(r -> r.method().equals("POST")).toList();
  }

  List<JsonNode> socketMessages() {
    return socketMessages;
  }

  /** The query string of each WebSocket connect, in order. */
  List<String> connectQueries() {
    return connectQueries;
  }

  int authenticatedSockets() {
    return sockets.size();
  }

  /** The next {@code count} posts are answered 429 with these headers. */
  void rateLimitNext(int count, Map<String, String> headers) {
    rateLimitHeaders = headers;
    rateLimitedPosts.set(count);
  }

  /** The next {@code count} posts are answered 503. */
  void failNext(int count) {
    failingPosts.set(count);
  }

  /** Broadcasts a {@code posted} event as the server does: the post is a JSON string in data. */
  void posted(String postId, String userId, String senderName, String channelId, String channelType,
      String rootId, String message, List<String> mentions) throws Exception {
    ObjectNode post = JSON.createObjectNode().put("id", postId).put("create_at", 1700000001000L)
        .put("update_at", 1700000001000L).put("edit_at", 0).put("delete_at", 0).put("is_pinned", false)
        .put("user_id", userId).put("channel_id", channelId).put("root_id", rootId)
        .put("original_id", "").put("message", message).put("type", "").put("hashtags", "")
        .put("pending_post_id", "");
    post.putObject("props");
    post.putObject("metadata");
    ObjectNode data = JSON.createObjectNode()
        .put("channel_display_name", "D".equals(channelType) ? "@" + senderName : "Town Square")
        .put("channel_name", "D".equals(channelType) ? BOT_ID + "__" + userId : "town-square")
        .put("channel_type", channelType).put("post", post.toString()).put("sender_name", "@" + senderName)
        .put("set_online", true).put("team_id", "D".equals(channelType) ? "" : TEAM_ID);
    if (mentions != null) {
      data.put("mentions", JSON.writeValueAsString(mentions));
    }
    ObjectNode event = JSON.createObjectNode().put("event", "posted");
    event.set("data", data);
    event.putObject("broadcast").putNull("omit_users").put("user_id", "").put("channel_id", channelId).put("team_id", "");
    for (WsContext socket : sockets) {
      socket.send(event.put("seq", eventSeqs.get(socket).getAndIncrement()).toString());
    }
  }

  /** What an integration answered a button request: the status and the JSON body (null when none). */
  public record ActionAnswer(int status, JsonNode body) {}

  /**
   * {@code userName} clicks the action {@code actionId} of a stored post (for a select, choosing
   * {@code option}): the server POSTs the action's integration context to its URL with who
   * clicked, where and a trigger id, as Mattermost's PostActionIntegrationRequest does.
   */
  public ActionAnswer click(String userId, String userName, JsonNode post, String actionId, String option) {
    JsonNode action = null;
    for (JsonNode attachment : post.path("props").path("attachments")) {
      for (JsonNode a : attachment.path("actions")) {
        if (a.path("id").asText().equals(actionId)) {
          action = a;
        }
      }
    }
    if (action == null) {
      throw new IllegalArgumentException("no action " + actionId + " in " + post);
    }
    ObjectNode context = ((ObjectNode) action.path("integration").path("context")).deepCopy();
    if (option != null) {
      context.put("selected_option", option);
    }
    ActionAnswer answer = integrationRequest(action.path("integration").path("url").asText(), userId, userName, post,
        context, "select".equals(action.path("type").asText()) ? "select" : "");
    // The server applies an update to the post itself (and shows ephemeral_text to the clicker only).
    JsonNode update = answer.body() == null ? null : answer.body().get("update");
    if (answer.status() == 200 && update != null) {
      for (ObjectNode stored : created) {
        if (stored.path("id").asText().equals(post.path("id").asText())) {
          if (update.has("message")) {
            stored.put("message", update.get("message").asText());
          }
          if (update.has("props")) {
            stored.set("props", update.get("props"));
          }
          stored.put("edit_at", System.currentTimeMillis());
        }
      }
    }
    return answer;
  }

  /** A stored post as it is now (after any update). */
  public ObjectNode post(String id) {
    return created.stream().filter(p -> p.path("id").asText().equals(id)).findFirst().orElseThrow();
  }

  /** POSTs an integration request as the server would, with {@code context} as given (a forger's, say). */
  ActionAnswer integrationRequest(String url, String userId, String userName, JsonNode post, JsonNode context, String type) {
    ObjectNode request = JSON.createObjectNode().put("user_id", userId).put("user_name", userName)
        .put("channel_id", post.path("channel_id").asText()).put("channel_name", "town-square")
        .put("team_id", TEAM_ID).put("team_domain", "squall").put("post_id", post.path("id").asText())
        .put("trigger_id", "trigger" + postIds.incrementAndGet()).put("type", type).put("data_source", "");
    request.set("context", context);
    try {
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(request.toString())).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return new ActionAnswer(response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Drops every WebSocket, as a server restart or a proxy timeout would. */
  void dropSockets() {
    for (WsContext socket : sockets) {
      sockets.remove(socket);
      socket.closeSession(1001, "going away");
    }
  }

  @Override
  public Map<String, Object> adapterConfig() {
    return Map.of("type", "mattermost", "url", url(), "token", TOKEN, "reconnect_min_ms", 10,
        "reconnect_max_ms", 500);
  }

  @Override
  public String userSays(String user, String room, String thread, String text) {
    String id = "u" + postIds.incrementAndGet() + "p".repeat(20);
    try {
      posted(id, user + "0".repeat(Math.max(0, 26 - user.length())), user, room, "O",
          thread == null ? "" : thread, text, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return id;
  }

  @Override
  public List<Posted> posted() {
    return accepted.stream().map(FakeMattermostServer::posted).toList();
  }

  private static Posted posted(JsonNode body) {
    return new Posted(body.path("channel_id").asText(),
        body.path("root_id").asText("").isEmpty() ? null : body.path("root_id").asText(),
        body.path("message").asText());
  }

  @Override
  public List<Edited> edited() {
    return List.copyOf(edits);
  }

  @Override
  public void close() {
    app.stop();
  }
}
