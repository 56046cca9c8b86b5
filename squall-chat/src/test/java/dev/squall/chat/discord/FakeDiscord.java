package dev.squall.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.FakePlatform;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Discord replaying the documented payloads: REST {@code GET /api/v10/gateway/bot} and
 * {@code POST /api/v10/channels/{id}/messages} (with rate limit headers, and 429s on demand), and a
 * Gateway that speaks the real opcodes: HELLO, HEARTBEAT_ACK, IDENTIFY → READY, RESUME → the
 * missed dispatches and RESUMED, RECONNECT, INVALID_SESSION. One Gateway session at a time, with
 * its sequence numbers and a history to replay on resume; the bot's own posts come back to it as
 * MESSAGE_CREATE, as on Discord.
 */
public final class FakeDiscord implements FakePlatform {

  public static final String TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE0.fake-bot-token";
  public static final String BOT_ID = "1100000000000000001";
  static final String GUILD_ID = "1200000000000000001";
  /** The guild's text channel {@code #general}, which GUILD_CREATE lists. */
  static final String CHANNEL_ID = "1400000000000000001";
  private static final String JOINED_AT = "2026-11-01T09:00:00.000000+00:00";

  /** A REST request the bot made. */
  record Request(String method, String path, String authorization, JsonNode body) {}

  /** A user as Discord describes one in {@code author}. */
  public record Author(String id, String username, String globalName, boolean bot) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MENTION = Pattern.compile("<@!?(\\d+|[A-Za-z0-9_.-]+)>");

  final List<Request> requests = new CopyOnWriteArrayList<>();
  /** Every payload the bot sent on any Gateway connection, in order. */
  final List<JsonNode> gatewayReceived = new CopyOnWriteArrayList<>();
  /** Each Gateway connection as {@code gateway|resume} plus its query string. */
  final List<String> connections = new CopyOnWriteArrayList<>();
  /** 429s the fake had to give because the bot ignored an empty bucket. */
  final AtomicInteger bucketViolations = new AtomicInteger();
  private final List<Posted> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, Posted> byId = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Edited> edits = new CopyOnWriteArrayList<>();
  /** The messages the bot created, as Discord stored them (ids, components and all). */
  public final List<ObjectNode> created = new CopyOnWriteArrayList<>();
  /** An interaction response the bot sent: the interaction's id and token, and the body. */
  record Callback(String interactionId, String token, JsonNode body) {}
  final List<Callback> callbacks = new CopyOnWriteArrayList<>();
  /** Edits of the original message and follow-ups through interaction webhooks, in order. */
  final List<Callback> webhookCalls = new CopyOnWriteArrayList<>();
  /** Follow-up messages (flags 64: seen only by the user who interacted). */
  final List<JsonNode> followups = new CopyOnWriteArrayList<>();
  private final AtomicInteger rateLimitNext = new AtomicInteger();
  private final AtomicLong snowflake = new AtomicLong(1_300_000_000_000_000_000L);
  private final Javalin app;

  private volatile double retryAfter = 0.2;
  private volatile long heartbeatInterval = 1000;
  private volatile boolean ackHeartbeats = true;
  private volatile boolean messageContentAllowed = true;
  private volatile boolean refuseResumes;
  private volatile int bucketSize; // 0: no per-channel bucket
  private volatile double bucketResetAfter;
  private int bucketRemaining; // guarded by this
  private long bucketResetAt; // guarded by this

  // The one Gateway session; guarded by this.
  private WsContext socket;
  private String sessionId;
  private boolean sessionValid;
  private long seq;
  private int sessions;
  private int replayOverlap;
  private final List<ObjectNode> history = new ArrayList<>();
  /** The guild's text channels (id to name) as GUILD_CREATE lists them. */
  private final Map<String, String> channels = new java.util.concurrent.ConcurrentSkipListMap<>(Map.of(CHANNEL_ID, "general"));

  public FakeDiscord() {
    app = Javalin.create(config -> {
      config.routes.get("/api/v10/gateway/bot", ctx -> {
        requests.add(new Request("GET", ctx.path(), ctx.header("Authorization"), null));
        if (unauthorised(ctx)) {
          return;
        }
        ctx.contentType("application/json").result("{\"url\":\"ws://localhost:" + port() + "/gateway\","
            + "\"shards\":1,\"session_start_limit\":{\"total\":1000,\"remaining\":999,\"reset_after\":14400000,"
            + "\"max_concurrency\":1}}");
      });
      config.routes.post("/api/v10/channels/{channel}/messages", this::createMessage);
      config.routes.patch("/api/v10/channels/{channel}/messages/{message}", this::editMessage);
      // Interaction responses need no bot token: the interaction's own token is in the path.
      config.routes.post("/api/v10/interactions/{id}/{token}/callback", ctx -> {
        JsonNode body = JSON.readTree(ctx.body());
        callbacks.add(new Callback(ctx.pathParam("id"), ctx.pathParam("token"), body));
        // UPDATE_MESSAGE edits the message the component was on, as Discord does.
        String messageId = interactionMessages.get(ctx.pathParam("id"));
        if (body.path("type").asInt() == 7 && messageId != null) {
          for (ObjectNode m : created) {
            if (m.path("id").asText().equals(messageId)) {
              body.path("data").properties().forEach(e -> m.set(e.getKey(), e.getValue()));
              m.put("edited_timestamp", "2026-11-25T14:01:00.000000+00:00");
            }
          }
        }
        ctx.status(204);
      });
      // After a deferred response the interaction's webhook edits the original message or follows up.
      config.routes.patch("/api/v10/webhooks/{application}/{token}/messages/@original", ctx -> {
        JsonNode body = JSON.readTree(ctx.body());
        webhookCalls.add(new Callback(interactionOf(ctx.pathParam("token")), ctx.pathParam("token"), body));
        String messageId = interactionMessages.get(interactionOf(ctx.pathParam("token")));
        ObjectNode m = messageId == null ? null : created.stream()
            .filter(c -> c.path("id").asText().equals(messageId)).findFirst().orElse(null);
        if (m == null) {
          ctx.status(404).contentType("application/json").result("{\"message\":\"Unknown Message\",\"code\":10008}");
          return;
        }
        body.properties().forEach(e -> m.set(e.getKey(), e.getValue()));
        m.put("edited_timestamp", "2026-11-25T14:01:00.000000+00:00");
        ctx.contentType("application/json").result(m.toString());
      });
      config.routes.post("/api/v10/webhooks/{application}/{token}", ctx -> {
        JsonNode body = JSON.readTree(ctx.body());
        webhookCalls.add(new Callback(interactionOf(ctx.pathParam("token")), ctx.pathParam("token"), body));
        followups.add(body);
        ObjectNode m = JSON.createObjectNode().put("id", String.valueOf(snowflake.incrementAndGet())).put("type", 0)
            .put("content", body.path("content").asText("")).put("flags", body.path("flags").asInt(0));
        ctx.contentType("application/json").result(m.toString());
      });
      config.routes.ws("/gateway/", ws -> gateway(ws, "gateway"));
      config.routes.ws("/resume/", ws -> gateway(ws, "resume"));
    }).start(0);
  }

  String apiUrl() {
    return "http://localhost:" + port() + "/api/v10";
  }

  private int port() {
    return app.port();
  }

  // --- REST -------------------------------------------------------------------------------------

  private boolean unauthorised(Context ctx) {
    if (("Bot " + TOKEN).equals(ctx.header("Authorization"))) {
      return false;
    }
    ctx.status(401).contentType("application/json").result("{\"message\":\"401: Unauthorized\",\"code\":0}");
    return true;
  }

  private void createMessage(Context ctx) throws Exception {
    String channel = ctx.pathParam("channel");
    JsonNode body = JSON.readTree(ctx.body());
    requests.add(new Request("POST", ctx.path(), ctx.header("Authorization"), body));
    if (unauthorised(ctx)) {
      return;
    }
    ctx.contentType("application/json").header("X-RateLimit-Bucket", "c0ffee").header("X-RateLimit-Scope", "user");
    if (rateLimitNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      tooManyRequests(ctx, retryAfter);
      return;
    }
    if (!takeFromBucket(ctx)) {
      return;
    }
    String content = body.path("content").asText("");
    if (content.length() > DiscordAdapter.MAX_MESSAGE_LENGTH) {
      ctx.status(400).result("{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"content\":{\"_errors\":"
          + "[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 2000 or fewer in length.\"}]}}}");
      return;
    }
    String thread = body.path("message_reference").path("message_id").asText(null);
    Posted posted = new Posted(channel, thread, content);
    accepted.add(posted);
    ObjectNode message = message(new Author(BOT_ID, "squall", null, true), channel, GUILD_ID, thread, content);
    byId.put(message.path("id").asText(), posted);
    if (body.has("embeds")) {
      message.set("embeds", body.get("embeds"));
    }
    if (body.has("components")) {
      message.set("components", body.get("components"));
    }
    created.add(message);
    ctx.result(message.toString());
    dispatch("MESSAGE_CREATE", message); // Discord echoes the bot's own message to it
  }

  /** Edit Message: only the bot's own messages, in their channel; answers the updated message. */
  private void editMessage(Context ctx) throws Exception {
    String channel = ctx.pathParam("channel");
    JsonNode body = JSON.readTree(ctx.body());
    requests.add(new Request("PATCH", ctx.path(), ctx.header("Authorization"), body));
    if (unauthorised(ctx)) {
      return;
    }
    ctx.contentType("application/json").header("X-RateLimit-Bucket", "c0ffee").header("X-RateLimit-Scope", "user");
    if (!takeFromBucket(ctx)) {
      return;
    }
    Posted original = byId.get(ctx.pathParam("message"));
    if (original == null || !original.room().equals(channel)) {
      ctx.status(404).result("{\"message\":\"Unknown Message\",\"code\":10008}");
      return;
    }
    String content = body.path("content").asText("");
    edits.add(new Edited(original, content, java.time.Instant.now(), "PATCH /channels/{channel.id}/messages/{message.id}"));
    ObjectNode message = message(new Author(BOT_ID, "squall", null, true), channel, GUILD_ID, original.thread(), content);
    message.put("id", ctx.pathParam("message"));
    ctx.result(message.toString());
  }

  @Override
  public List<Edited> edited() {
    return List.copyOf(edits);
  }

  private synchronized boolean takeFromBucket(Context ctx) {
    if (bucketSize <= 0) {
      return true;
    }
    long now = System.currentTimeMillis();
    if (now >= bucketResetAt) {
      bucketRemaining = bucketSize;
      bucketResetAt = now + (long) (bucketResetAfter * 1000);
    }
    double resetAfter = Math.max(0, bucketResetAt - now) / 1000.0;
    if (bucketRemaining == 0) {
      bucketViolations.incrementAndGet();
      tooManyRequests(ctx, resetAfter);
      return false;
    }
    bucketRemaining--;
    ctx.header("X-RateLimit-Limit", String.valueOf(bucketSize))
        .header("X-RateLimit-Remaining", String.valueOf(bucketRemaining))
        .header("X-RateLimit-Reset", String.format(java.util.Locale.ROOT, "%.3f", bucketResetAt / 1000.0))
        .header("X-RateLimit-Reset-After", String.format(java.util.Locale.ROOT, "%.3f", resetAfter));
    return true;
  }

  private static void tooManyRequests(Context ctx, double seconds) {
    ctx.status(429).header("Retry-After", String.valueOf((long) Math.ceil(seconds)))
        .header("X-RateLimit-Limit", "5").header("X-RateLimit-Remaining", "0")
        .header("X-RateLimit-Reset-After", String.format(java.util.Locale.ROOT, "%.3f", seconds))
        .result("{\"message\":\"You are being rate limited.\",\"retry_after\":" + seconds + ",\"global\":false}");
  }

  // --- Gateway ----------------------------------------------------------------------------------

  private void gateway(WsConfig ws, String endpoint) {
    ws.onConnect(ctx -> {
      connections.add(endpoint + "?" + ctx.queryString());
      if (endpoint.equals("resume") && refuseResumes) {
        ctx.closeSession(1011, "resume host unavailable");
        return;
      }
      ctx.send("{\"op\":10,\"d\":{\"heartbeat_interval\":" + heartbeatInterval + "},\"s\":null,\"t\":null}");
    });
    ws.onMessage(ctx -> onGateway(ctx, JSON.readTree(ctx.message())));
    ws.onClose(ctx -> {
      synchronized (this) {
        if (socket == ctx) {
          socket = null;
        }
      }
    });
  }

  private synchronized void onGateway(WsContext ctx, JsonNode payload) {
    gatewayReceived.add(payload);
    JsonNode d = payload.path("d");
    switch (payload.path("op").asInt()) {
      case 1 -> {
        if (ackHeartbeats) {
          ctx.send("{\"op\":11,\"d\":null}");
        }
      }
      case 2 -> {
        if (!TOKEN.equals(d.path("token").asText())) {
          ctx.closeSession(4004, "Authentication failed.");
          return;
        }
        if ((d.path("intents").asInt() & (1 << 15)) != 0 && !messageContentAllowed) {
          ctx.closeSession(4014, "Disallowed intent(s).");
          return;
        }
        socket = ctx;
        sessionId = "f1e2d3c4b5a6" + ++sessions;
        sessionValid = true;
        seq = 0;
        history.clear();
        ObjectNode ready = JSON.createObjectNode().put("v", 10);
        ready.set("user", user(new Author(BOT_ID, "squall", null, true)));
        ready.putArray("guilds").addObject().put("id", GUILD_ID).put("unavailable", true);
        ready.put("session_id", sessionId).put("resume_gateway_url", "ws://localhost:" + port() + "/resume");
        ready.putArray("shard").add(0).add(1);
        ready.putObject("application").put("id", BOT_ID).put("flags", 8_953_856);
        dispatch("READY", ready);
        // With the GUILDS intent, each guild READY listed as unavailable follows as GUILD_CREATE.
        dispatch("GUILD_CREATE", guildCreate());
      }
      case 6 -> {
        if (!sessionValid || !d.path("session_id").asText().equals(sessionId)
            || !TOKEN.equals(d.path("token").asText())) {
          ctx.send("{\"op\":9,\"d\":false}");
          return;
        }
        socket = ctx;
        long from = d.path("seq").asLong() - replayOverlap;
        for (ObjectNode event : history) {
          if (event.path("s").asLong() > from) {
            ctx.send(event.toString());
          }
        }
        dispatch("RESUMED", JSON.nullNode());
      }
      default -> { }
    }
  }

  /** The guild as GUILD_CREATE describes it once it is available: its channels, roles and the bot's member. */
  private ObjectNode guildCreate() {
    ObjectNode g = JSON.createObjectNode().put("id", GUILD_ID).put("name", "Ops").putNull("icon").putNull("splash")
        .putNull("discovery_splash").put("owner_id", "1500000000000000099").putNull("afk_channel_id")
        .put("afk_timeout", 300).put("verification_level", 1).put("default_message_notifications", 1)
        .put("explicit_content_filter", 2).put("mfa_level", 0).putNull("application_id")
        .put("system_channel_id", CHANNEL_ID).put("system_channel_flags", 0).putNull("rules_channel_id")
        .put("max_members", 500000).putNull("vanity_url_code").putNull("description").putNull("banner")
        .put("premium_tier", 0).put("premium_subscription_count", 0).put("preferred_locale", "en-US")
        .putNull("public_updates_channel_id").put("nsfw_level", 0).put("premium_progress_bar_enabled", false)
        .putNull("safety_alerts_channel_id").put("joined_at", JOINED_AT).put("large", false)
        .put("unavailable", false).put("member_count", 3);
    g.putArray("features");
    g.putArray("emojis");
    g.putArray("stickers");
    ObjectNode everyone = g.putArray("roles").addObject().put("id", GUILD_ID).put("name", "@everyone")
        .put("color", 0).put("hoist", false).putNull("icon").putNull("unicode_emoji").put("position", 0)
        .put("permissions", "2248473465835073").put("managed", false).put("mentionable", false).put("flags", 0);
    everyone.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
    ArrayNode list = g.putArray("channels");
    channels.forEach((id, name) -> {
      ObjectNode channel = list.addObject().put("id", id).put("type", 0).put("name", name)
          .put("position", list.size() - 1).put("flags", 0).putNull("parent_id").putNull("topic").put("nsfw", false)
          .putNull("last_message_id").put("rate_limit_per_user", 0);
      channel.putArray("permission_overwrites");
    });
    g.putArray("threads");
    ObjectNode bot = member();
    bot.set("user", user(new Author(BOT_ID, "squall", null, true)));
    g.putArray("members").add(bot);
    g.putArray("voice_states");
    g.putArray("presences");
    g.putArray("stage_instances");
    g.putArray("guild_scheduled_events");
    g.putArray("soundboard_sounds");
    return g;
  }

  /** A guild member without its user, as a guild message's {@code member} carries it. */
  private static ObjectNode member() {
    ObjectNode m = JSON.createObjectNode();
    m.putArray("roles");
    return m.put("joined_at", JOINED_AT).putNull("premium_since").put("deaf", false).put("mute", false)
        .put("flags", 0).put("pending", false).putNull("nick").putNull("avatar").putNull("communication_disabled_until");
  }

  /** Sends a dispatch with the session's next sequence number, or keeps it for a resume. */
  synchronized void dispatch(String type, JsonNode d) {
    ObjectNode event = JSON.createObjectNode().put("op", 0).put("t", type).put("s", ++seq);
    event.set("d", d);
    history.add(event);
    if (socket != null) {
      try {
        socket.send(event.toString());
      } catch (RuntimeException e) {
        socket = null; // the bot went away meanwhile: the event waits in the history for a resume
      }
    }
  }

  /** A user writes in a channel; {@code guildId} null for a DM, {@code replyTo} null for no reply. */
  String say(Author author, String channel, String guildId, String replyTo, String content) {
    ObjectNode message = message(author, channel, guildId, replyTo, content);
    dispatch("MESSAGE_CREATE", message);
    return message.path("id").asText();
  }

  /** A message object as the Gateway's MESSAGE_CREATE carries it. */
  private ObjectNode message(Author author, String channel, String guildId, String replyTo, String content) {
    String id = String.valueOf(snowflake.incrementAndGet());
    ObjectNode m = JSON.createObjectNode().put("type", replyTo == null ? 0 : 19).put("tts", false)
        .put("timestamp", "2026-11-25T14:00:00.000000+00:00").putNull("edited_timestamp").put("pinned", false)
        .put("mention_everyone", false).put("flags", 0).put("id", id).put("channel_id", channel);
    if (guildId != null) {
      m.put("guild_id", guildId);
    }
    m.set("author", user(author));
    if (guildId != null) {
      m.set("member", member()); // the author's member in the guild, as Discord adds to guild messages
    }
    m.put("content", content);
    ArrayNode mentions = m.putArray("mentions");
    Matcher mention = MENTION.matcher(content);
    while (mention.find()) {
      String userId = mention.group(1);
      mentions.add(user(new Author(userId, userId.equals(BOT_ID) ? "squall" : "user" + userId, null,
          userId.equals(BOT_ID))));
    }
    m.putArray("mention_roles");
    m.putArray("attachments");
    m.putArray("embeds");
    m.putArray("components");
    if (replyTo != null) {
      ObjectNode reference = m.putObject("message_reference").put("type", 0).put("message_id", replyTo)
          .put("channel_id", channel);
      if (guildId != null) {
        reference.put("guild_id", guildId);
      }
    }
    return m;
  }

  private static ObjectNode user(Author a) {
    ObjectNode u = JSON.createObjectNode().put("id", a.id()).put("username", a.username())
        .put("discriminator", "0").put("global_name", a.globalName()).putNull("avatar").put("public_flags", 0);
    if (a.bot()) {
      u.put("bot", true);
    }
    return u;
  }

  // --- test controls ----------------------------------------------------------------------------

  /**
   * {@code user} uses the component {@code customId} of a message the bot created (choosing
   * {@code values} in a select): an INTERACTION_CREATE of type 3 (MESSAGE_COMPONENT), in the
   * message's guild channel; returns the interaction's id.
   */
  public String click(Author user, JsonNode message, String customId, List<String> values) {
    JsonNode component = null;
    for (JsonNode row : message.path("components")) {
      for (JsonNode c : row.path("components")) {
        if (c.path("custom_id").asText().equals(customId)) {
          component = c;
        }
      }
    }
    if (component == null) {
      throw new IllegalArgumentException("no component " + customId + " in " + message);
    }
    ObjectNode d = interaction(3, user, message);
    ObjectNode data = d.putObject("data").put("custom_id", customId).put("component_type", component.path("type").asInt());
    if (values != null) {
      ArrayNode chosen = data.putArray("values");
      values.forEach(chosen::add);
    }
    dispatch("INTERACTION_CREATE", d);
    lastInteraction = d;
    return d.path("id").asText();
  }

  private volatile ObjectNode lastInteraction;

  /** Dispatches the last interaction again (a replay after a resume, say), with the next sequence number. */
  void redeliverLastInteraction() {
    dispatch("INTERACTION_CREATE", lastInteraction);
  }

  /** {@code user} submits the modal the bot answered an interaction with (type 9), an INTERACTION_CREATE of type 5. */
  String submit(Author user, JsonNode message, JsonNode modal, Map<String, String> values) {
    ObjectNode d = interaction(5, user, message);
    ObjectNode data = d.putObject("data").put("custom_id", modal.path("custom_id").asText());
    ArrayNode rows = data.putArray("components");
    for (JsonNode row : modal.path("components")) {
      ArrayNode inputs = rows.addObject().put("type", 1).putArray("components");
      for (JsonNode input : row.path("components")) {
        String id = input.path("custom_id").asText();
        inputs.addObject().put("type", 4).put("custom_id", id).put("value", values.getOrDefault(id, ""));
      }
    }
    dispatch("INTERACTION_CREATE", d);
    return d.path("id").asText();
  }

  /** The message of each interaction, by the interaction's id. */
  private final Map<String, String> interactionMessages = new java.util.concurrent.ConcurrentHashMap<>();

  private static String interactionOf(String token) {
    return token.startsWith(TOKEN_PREFIX) ? token.substring(TOKEN_PREFIX.length()) : "";
  }

  private static final String TOKEN_PREFIX = "aW50ZXJhY3Rpb246";

  /** A created message as it is now (after any UPDATE_MESSAGE). */
  public ObjectNode createdMessage(String id) {
    return created.stream().filter(m -> m.path("id").asText().equals(id)).findFirst().orElseThrow();
  }

  private ObjectNode interaction(int type, Author user, JsonNode message) {
    String id = String.valueOf(snowflake.incrementAndGet());
    interactionMessages.put(id, message.path("id").asText());
    ObjectNode d = JSON.createObjectNode().put("id", id).put("application_id", BOT_ID).put("type", type)
        .put("guild_id", GUILD_ID).put("channel_id", message.path("channel_id").asText())
        .put("token", TOKEN_PREFIX + id).put("version", 1).put("locale", "en-US").put("app_permissions", "0");
    ObjectNode member = d.putObject("member").put("nick", (String) null).put("joined_at", "2026-01-01T00:00:00.000000+00:00");
    member.putArray("roles");
    member.set("user", user(user));
    d.set("message", message);
    return d;
  }

  /** The connection breaks without a close frame; the session stays resumable. */
  synchronized void drop() {
    if (socket != null) {
      WsContext s = socket;
      socket = null;
      s.session.disconnect();
    }
  }

  /** Op 7: Discord wants the client to reconnect and resume. */
  synchronized void askToReconnect() {
    socket.send("{\"op\":7,\"d\":null}");
  }

  /** Op 9 with d=false: the session is gone, the client must identify afresh. */
  synchronized void invalidateSession() {
    sessionValid = false;
    WsContext s = socket;
    socket = null;
    s.send("{\"op\":9,\"d\":false}");
  }

  /** On resume, also replay this many events the client had already seen (at-least-once delivery). */
  synchronized void replayOverlap(int events) {
    replayOverlap = events;
  }

  synchronized String sessionId() {
    return sessionId;
  }

  synchronized long lastSequence() {
    return seq;
  }

  /** Adds a text channel to the guild, as the next GUILD_CREATE lists it. */
  void textChannel(String id, String name) {
    channels.put(id, name);
  }

  /** The heartbeat interval the next HELLO announces. */
  void heartbeatInterval(long ms) {
    heartbeatInterval = ms;
  }

  /** The {@code resume_gateway_url} host closes every connection at once. */
  void refuseResumes(boolean refuse) {
    refuseResumes = refuse;
  }

  /** Whether the bot's application has the privileged Message Content intent switched on. */
  void messageContentAllowed(boolean allowed) {
    messageContentAllowed = allowed;
  }

  void ackHeartbeats(boolean ack) {
    ackHeartbeats = ack;
  }

  /** The next {@code count} message posts are answered 429 with this {@code retry_after}. */
  void rateLimitNext(int count, double seconds) {
    retryAfter = seconds;
    rateLimitNext.set(count);
  }

  /** Each channel may take {@code size} messages per {@code resetAfter} seconds. */
  void bucket(int size, double resetAfter) {
    bucketResetAfter = resetAfter;
    bucketSize = size;
  }

  List<Request> posts() {
    return requests.stream().filter(r -> r.method().equals("POST")).toList();
  }

  List<JsonNode> gatewayOps(int op) {
    return gatewayReceived.stream().filter(p -> p.path("op").asInt() == op).toList();
  }

  // --- FakePlatform -----------------------------------------------------------------------------

  @Override
  public Map<String, Object> adapterConfig() {
    return Map.of("type", "discord", "token", TOKEN, "api_url", apiUrl(), "reconnect_min_ms", 10,
        "reconnect_max_ms", 500);
  }

  /** {@code room} is a guild text channel, or a DM channel when it starts with {@code D}. */
  @Override
  public String userSays(String user, String room, String thread, String text) {
    return say(new Author(user, user, null, false), room, room.startsWith("D") ? null : GUILD_ID, thread, text);
  }

  @Override
  public List<Posted> posted() {
    return List.copyOf(accepted);
  }

  @Override
  public void close() {
    app.stop();
  }
}
