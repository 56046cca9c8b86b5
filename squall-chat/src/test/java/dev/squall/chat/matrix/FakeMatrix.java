package dev.squall.chat.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.FakePlatform;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Matrix homeserver as far as the adapter sees it, answering with the client-server API v3's
 * documented payloads: {@code /login}, {@code /account/whoami}, {@code /profile/…/displayname},
 * {@code /join/…}, {@code /directory/room/…}, the {@code /sync} long-poll (held until something
 * happens or its {@code timeout} passes; {@code next_batch} is a position in one event stream) and
 * {@code PUT /rooms/…/send/m.room.message/{txnId}}, idempotent per transaction id as the spec
 * requires, with 429 {@code M_LIMIT_EXCEEDED} on demand. The bot's accepted messages come back in
 * its own sync, as on a real server. Users may talk in any room; the bot is treated as a member.
 * Account data ({@code m.direct}) is kept and served, but only sent in a first sync. What is said
 * before the adapter's first sync is history, which the adapter rightly ignores: wait until it is
 * CONNECTED before playing a user.
 */
public final class FakeMatrix implements FakePlatform {

  static final String BOT = "@squall:localhost";
  static final String TOKEN = "syt_c3F1YWxs_kWZqfYcnPtTuBeKxzWvR_2VqHnE";
  static final String PASSWORD = "correct horse battery";
  static final String DISPLAY_NAME = "Squall Bot";

  /** A request the adapter made; {@code path} is as sent, still percent-encoded. */
  record Request(String method, String path, String authorization, Map<String, String> query, JsonNode body) {}

  /** A message the server stored from the bot. */
  record Sent(String roomId, String txnId, JsonNode content) {}

  /** One entry of the server's event stream: a room's timeline event, or an invite. */
  private record Item(String roomId, ObjectNode event, boolean invite) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSIONS = "{\"versions\":[\"r0.5.0\",\"r0.6.0\",\"r0.6.1\",\"v1.1\",\"v1.2\",\"v1.3\","
      + "\"v1.4\",\"v1.5\",\"v1.6\",\"v1.7\",\"v1.8\",\"v1.9\",\"v1.10\",\"v1.11\",\"v1.12\"],"
      + "\"unstable_features\":{\"org.matrix.msc3440.stable\":true,\"org.matrix.msc3882\":false}}";
  private static final String CAPABILITIES = "{\"capabilities\":{\"m.change_password\":{\"enabled\":true},"
      + "\"m.set_displayname\":{\"enabled\":true},\"m.set_avatar_url\":{\"enabled\":true},"
      + "\"m.3pid_changes\":{\"enabled\":true},\"m.get_login_token\":{\"enabled\":false},"
      + "\"m.room_versions\":{\"default\":\"10\",\"available\":{\"1\":\"stable\",\"2\":\"stable\","
      + "\"3\":\"stable\",\"4\":\"stable\",\"5\":\"stable\",\"6\":\"stable\",\"7\":\"stable\",\"8\":\"stable\","
      + "\"9\":\"stable\",\"10\":\"stable\",\"11\":\"stable\"}}}}";

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Sent> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, Posted> byEvent = new ConcurrentHashMap<>();
  private final List<Edited> edits = new CopyOnWriteArrayList<>();
  private final List<String> syncSinces = new CopyOnWriteArrayList<>();
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> joined = ConcurrentHashMap.newKeySet();
  private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> joinedAt = new ConcurrentHashMap<>(); // room -> stream position of the bot's join
  private final Map<String, String> aliases = new ConcurrentHashMap<>(); // room id -> the alias it was joined by
  private final Map<String, String> transactions = new ConcurrentHashMap<>(); // token + txn -> event id
  private final AtomicInteger rateLimitedSends = new AtomicInteger();
  private final AtomicInteger logins = new AtomicInteger();
  private volatile long retryAfterMs = 200;
  private final Map<String, JsonNode> accountData = new ConcurrentHashMap<>(); // type -> content
  private final AtomicInteger lostSendResponses = new AtomicInteger();
  private final List<JsonNode> filters = new ArrayList<>(); // guarded by itself; a filter's id is its index
  private final Object lock = new Object();
  private final List<Item> stream = new ArrayList<>(); // guarded by lock
  private int failingSyncs; // guarded by lock
  private int repeatNextSync; // guarded by lock
  private boolean closed; // guarded by lock
  private final Javalin app;

  public FakeMatrix() {
    validTokens.add(TOKEN);
    app = Javalin.create(config -> {
      config.routes.post("/_matrix/client/v3/login", this::login);
      config.routes.get("/_matrix/client/v3/account/whoami", ctx -> {
        if (authorised(ctx, null)) {
          json(ctx, 200, "{\"user_id\":\"" + BOT + "\",\"device_id\":\"SQUALLDEV\",\"is_guest\":false}");
        }
      });
      config.routes.get("/_matrix/client/v3/profile/{userId}/displayname", ctx -> {
        if (authorised(ctx, null)) {
          json(ctx, 200, JSON.createObjectNode().put("displayname", DISPLAY_NAME).toString());
        }
      });
      config.routes.post("/_matrix/client/v3/join/{room}", ctx -> {
        if (authorised(ctx, JSON.readTree(ctx.body()))) {
          String room = roomId(decode(ctx.pathParam("room")));
          if (forbidden.contains(room)) {
            json(ctx, 403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You are not invited to this room.\"}");
            return;
          }
          synchronized (lock) {
            if (joined.add(room)) { // the room's state goes with the next sync that shows the room
              joinedAt.put(room, stream.size());
            }
            String asked = decode(ctx.pathParam("room"));
            if (asked.startsWith("#")) {
              aliases.put(room, asked);
            }
          }
          json(ctx, 200, JSON.createObjectNode().put("room_id", room).toString());
        }
      });
      config.routes.get("/_matrix/client/v3/directory/room/{alias}", ctx -> {
        if (authorised(ctx, null)) {
          ObjectNode answer = JSON.createObjectNode().put("room_id", roomId(decode(ctx.pathParam("alias"))));
          answer.putArray("servers").add("localhost");
          json(ctx, 200, answer.toString());
        }
      });
      config.routes.get("/_matrix/client/v3/user/{userId}/account_data/{type}", ctx -> {
        if (authorised(ctx, null)) {
          JsonNode content = accountData.get(ctx.pathParam("type"));
          if (content == null) {
            json(ctx, 404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Account data not found\"}");
          } else {
            json(ctx, 200, content.toString());
          }
        }
      });
      config.routes.put("/_matrix/client/v3/user/{userId}/account_data/{type}", ctx -> {
        JsonNode content = JSON.readTree(ctx.body());
        if (authorised(ctx, content)) {
          accountData.put(ctx.pathParam("type"), content);
          json(ctx, 200, "{}");
        }
      });
      config.routes.get("/_matrix/client/v3/sync", this::sync);
      // What a client library asks before it syncs: the spec versions, the capabilities, the push
      // rules (the server's defaults), and a filter of its own.
      config.routes.get("/_matrix/client/versions", ctx -> json(ctx, 200, VERSIONS));
      config.routes.get("/_matrix/client/v3/capabilities", ctx -> {
        if (authorised(ctx, null)) {
          json(ctx, 200, CAPABILITIES);
        }
      });
      config.routes.get("/_matrix/client/v3/pushrules/", ctx -> {
        if (authorised(ctx, null)) {
          json(ctx, 200, pushRules().toString());
        }
      });
      config.routes.post("/_matrix/client/v3/user/{userId}/filter", ctx -> {
        JsonNode filter = JSON.readTree(ctx.body());
        if (authorised(ctx, filter)) {
          synchronized (filters) {
            filters.add(filter);
            json(ctx, 200, JSON.createObjectNode().put("filter_id", String.valueOf(filters.size() - 1)).toString());
          }
        }
      });
      config.routes.get("/_matrix/client/v3/user/{userId}/filter/{filterId}", ctx -> {
        if (authorised(ctx, null)) {
          int id = ctx.pathParam("filterId").matches("\\d{1,6}") ? Integer.parseInt(ctx.pathParam("filterId")) : -1;
          synchronized (filters) {
            if (id >= 0 && id < filters.size()) {
              json(ctx, 200, filters.get(id).toString());
            } else {
              json(ctx, 404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"No such filter\"}");
            }
          }
        }
      });
      // A homeserver answers what it does not know with JSON too, which clients parse.
      config.routes.error(404, ctx -> {
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith("application/json")) {
          json(ctx, 404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}");
        }
      });
      config.routes.put("/_matrix/client/v3/rooms/{roomId}/send/{type}/{txnId}", this::send);
    }).start(0);
  }

  String url() {
    return "http://localhost:" + app.port();
  }

  List<Request> requests() {
    return requests;
  }

  List<Request> requests(String method, String pathStart) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathStart)).toList();
  }

  /** The {@code PUT …/send/…} requests, 429s included. */
  List<Request> sends() {
    return requests("PUT", "/_matrix/client/v3/rooms/");
  }

  List<Sent> accepted() {
    return accepted;
  }

  /** The {@code since} of every {@code /sync}, in order ("" for none). */
  List<String> syncSinces() {
    return syncSinces;
  }

  Set<String> joined() {
    return joined;
  }

  int logins() {
    return logins.get();
  }

  /** Joining this room is refused with 403 M_FORBIDDEN. */
  void forbid(String roomId) {
    forbidden.add(roomId);
  }

  /** The next {@code count} sends are answered 429 M_LIMIT_EXCEEDED with {@code retry_after_ms}. */
  void rateLimitNextSends(int count, long retryAfterMs) {
    this.retryAfterMs = retryAfterMs;
    rateLimitedSends.set(count);
  }

  /** Every access token handed out so far stops working (401 M_UNKNOWN_TOKEN). */
  void expireTokens() {
    validTokens.clear();
  }

  /** The account's {@code m.direct} account data (what the next first sync sends). */
  void directRooms(Map<String, List<String>> byUser) {
    accountData.put("m.direct", JSON.valueToTree(byUser));
  }

  JsonNode accountData(String type) {
    return accountData.get(type);
  }

  /**
   * The next {@code count} sends are stored but answered 502, as when a proxy times out while
   * the homeserver still finishes the request.
   */
  void loseNextSendResponses(int count) {
    lostSendResponses.set(count);
  }

  /**
   * The sync held open now (or the next one) and {@code count - 1} after it are answered 502, as a
   * reverse proxy does when the homeserver behind it restarts.
   */
  void failSyncs(int count) {
    synchronized (lock) {
      failingSyncs = count;
      lock.notifyAll();
    }
  }

  /**
   * The next sync answers from {@code count} events before its {@code since}, repeating events the
   * client already has, as a homeserver worker that lags behind may.
   */
  void repeatOnNextSync(int count) {
    synchronized (lock) {
      repeatNextSync = count;
    }
  }

  /** Adds an event to a room's timeline; returns its event id. */
  String roomEvent(String roomId, String sender, String type, ObjectNode content) {
    synchronized (lock) {
      String id = "$" + hash(stream.size() + roomId + content);
      ObjectNode event = JSON.createObjectNode();
      event.set("content", content);
      event.put("event_id", id).put("origin_server_ts", 1_700_000_000_000L + stream.size())
          .put("sender", sender).put("type", type).putObject("unsigned").put("age", 12);
      stream.add(new Item(roomId, event, false));
      lock.notifyAll();
      return id;
    }
  }

  /** A user's {@code m.text} message, optionally in a thread and mentioning users. */
  String message(String roomId, String sender, String threadRoot, String body, List<String> mentions) {
    ObjectNode content = JSON.createObjectNode().put("msgtype", "m.text").put("body", body);
    ArrayNode ids = content.putObject("m.mentions").putArray("user_ids");
    mentions.forEach(ids::add);
    if (threadRoot != null) {
      ObjectNode relates = content.putObject("m.relates_to").put("rel_type", "m.thread")
          .put("event_id", threadRoot).put("is_falling_back", true);
      relates.putObject("m.in_reply_to").put("event_id", threadRoot);
    }
    return roomEvent(roomId, sender, "m.room.message", content);
  }

  /** {@code inviter} invites the bot into {@code roomId}, as a DM when {@code direct}. */
  void invite(String roomId, String inviter, boolean direct) {
    ObjectNode invite = JSON.createObjectNode();
    ArrayNode events = invite.putObject("invite_state").putArray("events");
    events.addObject().put("sender", inviter).put("state_key", "").put("type", "m.room.join_rules")
        .putObject("content").put("join_rule", "invite");
    events.addObject().put("sender", inviter).put("state_key", inviter).put("type", "m.room.member")
        .putObject("content").put("membership", "join").put("displayname", MatrixText.localpart(inviter));
    ObjectNode member = events.addObject().put("sender", inviter).put("state_key", BOT).put("type", "m.room.member");
    member.putObject("content").put("membership", "invite").put("displayname", DISPLAY_NAME).put("is_direct", direct);
    synchronized (lock) {
      stream.add(new Item(roomId, invite, true));
      lock.notifyAll();
    }
  }

  private void login(Context ctx) throws Exception {
    JsonNode body = JSON.readTree(ctx.body());
    requests.add(new Request("POST", ctx.path(), ctx.header("Authorization"), Map.of(), body));
    String user = body.path("identifier").path("user").asText();
    if (!"m.login.password".equals(body.path("type").asText())
        || !"m.id.user".equals(body.path("identifier").path("type").asText())
        || !(user.equals("squall") || user.equals(BOT)) || !PASSWORD.equals(body.path("password").asText())) {
      json(ctx, 403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"Invalid username or password\"}");
      return;
    }
    String token = "syt_c3F1YWxs_login" + logins.incrementAndGet() + "_0aBcDe";
    validTokens.add(token);
    json(ctx, 200, JSON.createObjectNode().put("user_id", BOT).put("access_token", token)
        .put("home_server", "localhost").put("device_id", "DEV" + logins.get()).toString());
  }

  private void sync(Context ctx) throws Exception {
    if (!authorised(ctx, null)) {
      return;
    }
    String since = ctx.queryParam("since");
    syncSinces.add(since == null ? "" : since);
    long timeout = ctx.queryParam("timeout") == null ? 0 : Long.parseLong(ctx.queryParam("timeout"));
    long deadline = System.currentTimeMillis() + timeout;
    List<Item> items;
    int position;
    int from;
    synchronized (lock) {
      from = since == null ? 0 : Integer.parseInt(since.substring(1, since.indexOf('_')));
      long left;
      while (since != null && !closed && failingSyncs == 0 && stream.size() <= from
          && (left = deadline - System.currentTimeMillis()) > 0) {
        lock.wait(left);
      }
      if (failingSyncs > 0) {
        failingSyncs--;
        ctx.status(502).contentType("text/html").result("<html><body><h1>502 Bad Gateway</h1></body></html>");
        return;
      }
      if (since != null && repeatNextSync > 0) {
        from = Math.max(0, from - repeatNextSync);
        repeatNextSync = 0;
      }
      position = stream.size();
      items = since == null ? initial() : List.copyOf(stream.subList(from, position));
    }
    json(ctx, 200, syncBody(position, items, since == null ? -1 : from).toString());
  }

  /** What a first sync with a timeline limit of 1 holds: each room's latest event, pending invites. */
  private List<Item> initial() {
    Map<String, Item> latest = new LinkedHashMap<>();
    for (Item item : stream) {
      if (!item.invite() || !joined.contains(item.roomId())) {
        latest.put(item.roomId() + item.invite(), item);
      }
    }
    return List.copyOf(latest.values());
  }

  /** {@code from} is the position of the sync's {@code since}, -1 for a first sync. */
  private ObjectNode syncBody(int position, List<Item> items, int from) {
    boolean initial = from < 0;
    ObjectNode body = JSON.createObjectNode().put("next_batch", "s" + position + "_4483_1934");
    ArrayNode accountData = body.putObject("account_data").putArray("events");
    if (initial) { // later changes are not streamed: the adapter only reads them at start
      this.accountData.forEach((type, content) -> accountData.addObject().put("type", type).set("content", content));
    }
    body.putObject("presence").putArray("events");
    ObjectNode rooms = body.putObject("rooms");
    ObjectNode join = rooms.putObject("join");
    ObjectNode invite = rooms.putObject("invite");
    rooms.putObject("leave");
    Map<String, ArrayNode> timelines = new HashMap<>();
    for (Item item : items) {
      if (item.invite()) {
        if (!joined.contains(item.roomId())) {
          invite.set(item.roomId(), item.event());
        }
        continue;
      }
      timelines.computeIfAbsent(item.roomId(), id -> {
        ObjectNode room = join.putObject(id);
        ArrayNode state = room.putObject("state").putArray("events");
        Integer joinedAtPosition = joinedAt.get(id);
        if (joinedAtPosition != null && joinedAtPosition >= from) { // new to this client: the room's state
          state.addAll(roomState(id));
        }
        room.putObject("ephemeral").putArray("events");
        room.putObject("account_data").putArray("events");
        room.putObject("unread_notifications").put("highlight_count", 0).put("notification_count", 0);
        ObjectNode timeline = room.putObject("timeline").put("limited", initial).put("prev_batch", "t" + position + "-1_0_0");
        return timeline.putArray("events");
      }).add(item.event());
    }
    return body;
  }

  /** The state a homeserver sends with a room the bot has just joined: creation, its membership, the alias. */
  private List<ObjectNode> roomState(String roomId) {
    List<ObjectNode> state = new ArrayList<>();
    String creator = "@admin:localhost";
    state.add(stateEvent(roomId, creator, "m.room.create", "", JSON.createObjectNode().put("room_version", "10")
        .put("creator", creator)));
    state.add(stateEvent(roomId, BOT, "m.room.member", BOT, JSON.createObjectNode().put("membership", "join")
        .put("displayname", DISPLAY_NAME)));
    String alias = aliases.get(roomId);
    if (alias != null) {
      state.add(stateEvent(roomId, creator, "m.room.canonical_alias", "", JSON.createObjectNode().put("alias", alias)));
    }
    return state;
  }

  private static ObjectNode stateEvent(String roomId, String sender, String type, String stateKey, ObjectNode content) {
    ObjectNode event = JSON.createObjectNode();
    event.set("content", content);
    event.put("event_id", "$" + hash(roomId + type + stateKey)).put("origin_server_ts", 1_699_999_000_000L)
        .put("sender", sender).put("state_key", stateKey).put("type", type).putObject("unsigned").put("age", 1000);
    return event;
  }

  private void send(Context ctx) throws Exception {
    JsonNode content = JSON.readTree(ctx.body());
    if (!authorised(ctx, content)) {
      return;
    }
    if (rateLimitedSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      json(ctx, 429, JSON.createObjectNode().put("errcode", "M_LIMIT_EXCEEDED").put("error", "Too Many Requests")
          .put("retry_after_ms", retryAfterMs).toString());
      return;
    }
    String room = decode(ctx.pathParam("roomId"));
    String txn = decode(ctx.pathParam("txnId"));
    String key = ctx.header("Authorization") + " " + txn;
    String eventId = transactions.get(key);
    if (eventId == null) { // a retried transaction id is answered with the first event, not stored again
      JsonNode relates = content.path("m.relates_to");
      Posted original = "m.replace".equals(relates.path("rel_type").asText())
          ? byEvent.get(relates.path("event_id").asText()) : null;
      if (original == null && "m.replace".equals(relates.path("rel_type").asText())) {
        // Clients ignore an edit of an event they do not know (or another sender's): so does the test.
        json(ctx, 400, "{\"errcode\":\"M_BAD_JSON\",\"error\":\"edits must replace one of the sender's events\"}");
        return;
      }
      eventId = roomEvent(room, BOT, decode(ctx.pathParam("type")), (ObjectNode) content);
      transactions.put(key, eventId);
      if (original != null) {
        edits.add(new Edited(original, content.path("m.new_content").path("body").asText(), java.time.Instant.now(),
            "m.room.message with m.relates_to m.replace"));
      } else {
        Sent sent = new Sent(room, txn, content);
        accepted.add(sent);
        byEvent.put(eventId, posted(sent));
      }
    }
    if (lostSendResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.status(502).contentType("text/html").result("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    json(ctx, 200, JSON.createObjectNode().put("event_id", eventId).toString());
  }

  /**
   * The server-default push rules of the spec (v1.12, "Predefined rules"), in the spec's order, with
   * the unstable ids a homeserver still serves beside the stable ones.
   */
  private static ObjectNode pushRules() {
    ObjectNode global = JSON.createObjectNode();
    ArrayNode override = global.putArray("override");
    rule(override, ".m.rule.master", false, List.of(), "[]");
    rule(override, ".m.rule.suppress_notices", true, List.of(match("content.msgtype", "m.notice")), "[]");
    rule(override, ".m.rule.invite_for_me", true, List.of(match("type", "m.room.member"),
        match("content.membership", "invite"), match("state_key", BOT)), NOTIFY_SOUND);
    rule(override, ".m.rule.member_event", true, List.of(match("type", "m.room.member")), "[]");
    rule(override, ".m.rule.is_user_mention", true, List.of(kind("event_property_contains")
        .put("key", "content.m\\.mentions.user_ids").put("value", BOT)), HIGHLIGHT_SOUND);
    rule(override, ".m.rule.contains_display_name", true, List.of(kind("contains_display_name")), HIGHLIGHT_SOUND);
    rule(override, ".m.rule.is_room_mention", true, List.of(JSON.createObjectNode().put("kind", "event_property_is")
        .put("key", "content.m\\.mentions.room").put("value", true), kind("sender_notification_permission")
        .put("key", "room")), HIGHLIGHT);
    rule(override, ".m.rule.roomnotif", true, List.of(kind("sender_notification_permission").put("key", "room"),
        match("content.body", "@room")), HIGHLIGHT);
    rule(override, ".m.rule.tombstone", true, List.of(match("type", "m.room.tombstone"), match("state_key", "")),
        HIGHLIGHT);
    rule(override, ".m.rule.reaction", true, List.of(match("type", "m.reaction")), "[]");
    for (String id : List.of(".m.rule.room.server_acl", ".org.matrix.msc3786.rule.room.server_acl")) {
      rule(override, id, true, List.of(match("type", "m.room.server_acl"), match("state_key", "")), "[]");
    }
    rule(override, ".m.rule.suppress_edits", true, List.of(JSON.createObjectNode().put("kind", "event_property_is")
        .put("key", "content.m\\.relates_to.rel_type").put("value", "m.replace")), "[]");
    rule(global.putArray("content"), ".m.rule.contains_user_name", true, null, HIGHLIGHT_SOUND)
        .put("pattern", MatrixText.localpart(BOT));
    global.putArray("room");
    global.putArray("sender");
    ArrayNode underride = global.putArray("underride");
    rule(underride, ".m.rule.call", true, List.of(match("type", "m.call.invite")),
        "[\"notify\",{\"set_tweak\":\"sound\",\"value\":\"ring\"},{\"set_tweak\":\"highlight\",\"value\":false}]");
    rule(underride, ".org.matrix.msc3914.rule.room.call", true, List.of(match("type", "org.matrix.msc3401.call"),
        kind("org.matrix.msc3914.call_started")), "[\"notify\",{\"set_tweak\":\"sound\",\"value\":\"default\"}]");
    rule(underride, ".m.rule.encrypted_room_one_to_one", true, List.of(kind("room_member_count").put("is", "2"),
        match("type", "m.room.encrypted")), NOTIFY_SOUND);
    rule(underride, ".m.rule.room_one_to_one", true, List.of(kind("room_member_count").put("is", "2"),
        match("type", "m.room.message")), NOTIFY_SOUND);
    rule(underride, ".m.rule.message", true, List.of(match("type", "m.room.message")), NOTIFY);
    rule(underride, ".m.rule.encrypted", true, List.of(match("type", "m.room.encrypted")), NOTIFY);
    ObjectNode rules = JSON.createObjectNode();
    rules.set("global", global);
    return rules;
  }

  private static final String NOTIFY = "[\"notify\",{\"set_tweak\":\"highlight\",\"value\":false}]";
  private static final String NOTIFY_SOUND = "[\"notify\",{\"set_tweak\":\"sound\",\"value\":\"default\"},"
      + "{\"set_tweak\":\"highlight\",\"value\":false}]";
  private static final String HIGHLIGHT = "[\"notify\",{\"set_tweak\":\"highlight\"}]";
  private static final String HIGHLIGHT_SOUND = "[\"notify\",{\"set_tweak\":\"sound\",\"value\":\"default\"},"
      + "{\"set_tweak\":\"highlight\"}]";

  private static ObjectNode kind(String kind) {
    return JSON.createObjectNode().put("kind", kind);
  }

  private static ObjectNode match(String key, String pattern) {
    return kind("event_match").put("key", key).put("pattern", pattern);
  }

  /** Adds a server-default rule; {@code conditions} null for a content rule, which has a pattern instead. */
  private static ObjectNode rule(ArrayNode kind, String id, boolean enabled, List<ObjectNode> conditions,
      String actions) {
    ObjectNode rule = kind.addObject().put("rule_id", id).put("default", true).put("enabled", enabled);
    if (conditions != null) {
      rule.putArray("conditions").addAll(conditions);
    }
    try {
      rule.set("actions", JSON.readTree(actions));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return rule;
  }

  /** Records the request; answers 401 M_UNKNOWN_TOKEN and returns false when the token is not valid. */
  private boolean authorised(Context ctx, JsonNode body) {
    Map<String, String> query = new HashMap<>();
    ctx.queryParamMap().forEach((k, v) -> query.put(k, v.getFirst()));
    String auth = ctx.header("Authorization");
    requests.add(new Request(ctx.method().name(), ctx.path(), auth, query, body));
    if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
      json(ctx, 401, auth == null
          ? "{\"errcode\":\"M_MISSING_TOKEN\",\"error\":\"Missing access token\"}"
          : "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Invalid access token passed.\",\"soft_logout\":false}");
      return false;
    }
    return true;
  }

  /** {@code #ops:localhost} is the room {@code !ops:localhost}; room ids stay as they are. */
  private static String roomId(String room) {
    return room.startsWith("#") ? "!" + room.substring(1) : room;
  }

  /** Javalin hands path parameters over still percent-encoded or not, depending on version. */
  private static String decode(String value) {
    return value.contains("%") ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value;
  }

  private static void json(Context ctx, int status, String body) {
    ctx.status(status).contentType("application/json").result(body);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Map<String, Object> adapterConfig() {
    return Map.of("type", "matrix", "homeserver", url(), "access_token", TOKEN, "rooms", List.of("#ops:localhost"),
        "reconnect_min_ms", 10, "reconnect_max_ms", 500, "sync_timeout_ms", 1000);
  }

  /** {@code user} is a localpart ({@code alice}) or a full user id; {@code room} a room id. */
  @Override
  public String userSays(String user, String room, String thread, String text) {
    String sender = user.startsWith("@") ? user : "@" + user + ":localhost";
    return message(roomId(room), sender, thread, text, List.of());
  }

  @Override
  public List<Posted> posted() {
    return accepted.stream().map(FakeMatrix::posted).toList();
  }

  private static Posted posted(Sent s) {
    JsonNode relates = s.content().path("m.relates_to");
    String thread = "m.thread".equals(relates.path("rel_type").asText()) ? relates.path("event_id").asText() : null;
    return new Posted(s.roomId(), thread, s.content().path("body").asText());
  }

  @Override
  public List<Edited> edited() {
    return List.copyOf(edits);
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    app.stop();
  }
}
