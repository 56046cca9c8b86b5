package dev.squall.chat.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.Chunks;
import dev.squall.chat.HttpDelivery.Attempt;
import dev.squall.chat.HttpDelivery;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.ReconnectingAdapter;
import dev.squall.chat.SeenIds;
import dev.squall.chat.matrix.MatrixApi.Reply;
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Matrix adapter on the client-server API v3: {@code /sync} long-polls for what users say, and
 * {@code PUT /rooms/{roomId}/send/m.room.message/{txnId}} for the bot's messages.
 *
 * <p>Each (re)connect logs in when there is no access token (or the last one was rejected with
 * {@code M_UNKNOWN_TOKEN}), asks {@code /account/whoami} who the bot is and joins the configured
 * rooms. The very first sync is made with {@code timeout=0} and only its {@code next_batch} is
 * kept, so nothing said before the bot started is answered. The position ({@code since}) outlives
 * a dropped long-poll, so the next session resumes where the last one left off; event ids already
 * handed on are remembered, so an event the server repeats is never answered twice.
 *
 * <p>{@link IncomingMessage#room()} is the room id; {@link IncomingMessage#thread()} the thread's
 * root event id ({@code m.relates_to} with {@code rel_type: m.thread}); a message is
 * {@code mentioned} when its {@code m.mentions.user_ids} name the bot or it starts with the bot's
 * localpart, display name or user id followed by {@code :} (that prefix is removed). A room is
 * {@code direct} when the account's {@code m.direct} data lists it; the bot adds the rooms it joins
 * from an invite marked {@code is_direct} there. Every piece sent has its own transaction id, kept across retries,
 * so the homeserver stores a retried {@code PUT} only once. The bot writes {@code m.notice}
 * messages unless configured otherwise.
 */
public final class MatrixAdapter extends ReconnectingAdapter<MatrixAdapter.Session, MatrixAdapter.Outgoing> {

  /** Characters per message body: well inside the 65,536-byte event limit (see {@link MatrixText}). */
  public static final int MAX_BODY_LENGTH = 32_000;

  private static final Logger log = LoggerFactory.getLogger(MatrixAdapter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED_EVENTS = 5000;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The first sync needs the position and the invites, not the rooms' history. */
  private static final String FIRST_SYNC_FILTER =
      "{\"room\":{\"timeline\":{\"limit\":1},\"state\":{\"lazy_load_members\":true}}}";

  /** One queued message event, with the transaction id that makes its retries idempotent. */
  record Outgoing(String room, String txnId, ObjectNode content) {}

  /** One logged-in sync loop, from {@code whoami} until a request fails or the adapter closes. */
  static final class Session {
    final String userId;
    final String displayName;
    final CompletableFuture<String> ended = new CompletableFuture<>();
    private volatile CompletableFuture<?> poll;

    Session(String userId, String displayName) {
      this.userId = userId;
      this.displayName = displayName;
    }

    /** Ends the session, abandoning the long-poll in flight. */
    void end(String why) {
      ended.complete(why);
      CompletableFuture<?> p = poll;
      if (p != null) {
        p.cancel(true);
      }
    }
  }

  private final MatrixSettings settings;
  private final MatrixApi api;
  // Unique across restarts too: with a configured token the server scopes txn ids to one device.
  private final String txnPrefix = "squall" + Long.toString(System.currentTimeMillis(), 36) + ".";
  private final AtomicLong txnCount = new AtomicLong();
  private final Map<String, String> roomIds = new ConcurrentHashMap<>(); // alias -> room id
  private final Set<String> directRooms = ConcurrentHashMap.newKeySet();
  private final SeenIds seenEvents = new SeenIds(REMEMBERED_EVENTS);
  private volatile String token;
  private volatile String since; // next_batch of the last sync handled: where the next one starts

  public MatrixAdapter(String name, MatrixSettings settings) {
    super("matrix", name, "messages", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
    this.api = new MatrixApi(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), settings.homeserver());
    this.token = settings.accessToken();
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("matrix", MAX_BODY_LENGTH, true);
  }

  /**
   * Queues the text for a room id or alias (in the thread rooted at {@code thread}, an event id, if
   * given), split at {@link #MAX_BODY_LENGTH}. {@code extra.matrix.formatted_body} (HTML) goes with
   * the first piece as {@code org.matrix.custom.html}; {@code extra.matrix.msgtype} overrides the
   * configured message type. Never blocks.
   */
  @Override
  public void send(OutgoingMessage message) {
    String room = room(message);
    List<String> parts = Chunks.split(message.text(), MAX_BODY_LENGTH, MatrixText.MAX_BODY_BYTES);
    List<Outgoing> pieces = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      pieces.add(new Outgoing(room, txnPrefix + txnCount.incrementAndGet(), content(message, parts.get(i), i == 0)));
    }
    enqueue(pieces, room);
  }

  private String room(OutgoingMessage message) {
    String room = message.room() == null ? "" : message.room().strip();
    if (room.isEmpty()) {
      throw new BadRequestException("Matrix adapter " + name() + " cannot send without a room id");
    }
    return room;
  }

  /**
   * One {@code m.room.message} content. The first piece of a failed execution's result is marked
   * with an icon, and in {@code formatted_body} in bold, unless the alias gives its own HTML.
   */
  private ObjectNode content(OutgoingMessage message, String text, boolean first) {
    ObjectNode content = body(message, text, first);
    String thread = message.thread();
    if (thread != null && !thread.isBlank()) {
      // is_falling_back: clients without threads show it as a reply to the root, not a real reply.
      ObjectNode relates = content.putObject("m.relates_to").put("rel_type", "m.thread")
          .put("event_id", thread).put("is_falling_back", true);
      relates.putObject("m.in_reply_to").put("event_id", thread);
    }
    return content;
  }

  /** {@code msgtype}, {@code body} and the HTML, without relations (what {@code m.new_content} holds). */
  private ObjectNode body(OutgoingMessage message, String text, boolean first) {
    Map<?, ?> extra = message.extra().get("matrix") instanceof Map<?, ?> m ? m : Map.of();
    String msgtype = extra.get("msgtype") instanceof String t && !t.isBlank() ? t : settings.msgtype();
    ObjectNode content = JSON.createObjectNode().put("msgtype", msgtype);
    if (first && extra.get("formatted_body") instanceof String html) {
      content.put("body", text).put("format", "org.matrix.custom.html").put("formatted_body", html);
    } else if (first && message.kind() == OutgoingMessage.Kind.FAILURE) {
      content.put("body", "❌ " + text).put("format", "org.matrix.custom.html")
          .put("formatted_body", "<strong>❌ Failed</strong><br>" + MatrixText.html(text));
    } else {
      content.put("body", text);
    }
    return content;
  }

  @Override
  public boolean edits() {
    return true;
  }

  /**
   * Sends the message at once (not queued), its body cut to one event; the answer's
   * {@code event_id} is what {@link #edit} replaces. 429s are waited out (same transaction id).
   */
  @Override
  public Optional<PostedMessage> post(OutgoingMessage message) {
    String room = room(message);
    String[] id = {null};
    sendNow(room, content(message, cut(message.text()), true), reply -> id[0] = reply.body().path("event_id").asText(null));
    return Optional.ofNullable(id[0]).map(e -> new PostedMessage(room, message.thread(), e));
  }

  /**
   * An edit as the spec has it: a new {@code m.room.message} whose {@code m.new_content} is the
   * replacement, related to the original by {@code m.replace}, with a {@code * } fallback body for
   * clients that do not apply edits.
   */
  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    ObjectNode fresh = body(replacement, cut(replacement.text()), true);
    ObjectNode content = JSON.createObjectNode().put("msgtype", fresh.path("msgtype").asText())
        .put("body", "* " + fresh.path("body").asText());
    if (fresh.has("formatted_body")) {
      content.put("format", "org.matrix.custom.html").put("formatted_body", "* " + fresh.get("formatted_body").asText());
    }
    content.set("m.new_content", fresh);
    content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", posted.id());
    sendNow(posted.room(), content, reply -> { });
  }

  /** {@code PUT /rooms/{room}/send/m.room.message/{txnId}} on the caller's thread; failures are logged. */
  private void sendNow(String room, ObjectNode content, java.util.function.Consumer<Reply> sent) {
    String txnId = txnPrefix + txnCount.incrementAndGet();
    try {
      HttpDelivery.deliver("Matrix adapter " + name(), room,
          why -> log.warn("Matrix adapter {}: sending to {} failed: {}", name(), room, why), this::waitOutRateLimit, () -> {
            String roomId = roomId(room);
            if (roomId == null) {
              return new Attempt.Done();
            }
            Reply reply = api.call("PUT", "/rooms/" + MatrixApi.segment(roomId) + "/send/m.room.message/"
                + MatrixApi.segment(txnId), content, token, REQUEST_TIMEOUT);
            if (reply.status() == 429) {
              return new Attempt.RateLimited(waitFor(reply));
            }
            if (reply.ok()) {
              sent.accept(reply);
            } else {
              log.warn("Matrix adapter {}: message to {} refused: {}", name(), roomId, reply.describe());
            }
            return new Attempt.Done();
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String cut(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String cut = Chunks.split(text, MAX_BODY_LENGTH, MatrixText.MAX_BODY_BYTES).getFirst();
    return cut.length() == text.length() ? text : cut + "…";
  }

  @Override
  protected String connectingDetail() {
    return "connecting to " + settings.homeserver();
  }

  @Override
  protected String serve() throws Exception {
    if (token == null) {
      String refused = logIn();
      if (refused != null) {
        return refused;
      }
    }
    Reply who = api.call("GET", "/account/whoami", null, token, REQUEST_TIMEOUT);
    if (!who.ok()) {
      return refused("GET /account/whoami", who);
    }
    String userId = who.body().path("user_id").asText();
    Session session = new Session(userId, displayName(userId));
    opened(session);
    for (String room : settings.rooms()) {
      join(room, false);
    }
    if (since == null) {
      Reply first = api.call("GET", "/sync?timeout=0&filter=" + MatrixApi.query(FIRST_SYNC_FILTER), null, token,
          REQUEST_TIMEOUT);
      if (!first.ok()) {
        return refused("GET /sync", first);
      }
      onSync(session, first.body(), false);
    }
    ready(session);
    setHealth(State.CONNECTED, "connected to " + settings.homeserver() + " as " + userId);
    while (!session.ended.isDone()) {
      Reply reply = poll(session);
      if (reply == null) {
        break;
      }
      if (reply.ok()) {
        onSync(session, reply.body(), true);
      } else if (reply.status() == 429) {
        waitOut(reply);
      } else {
        return refused("GET /sync", reply);
      }
    }
    return session.ended.getNow("connection closed");
  }

  /** One long-poll from {@link #since}; null when the session ended meanwhile. */
  private Reply poll(Session session) throws InterruptedException, ExecutionException {
    long timeout = settings.syncTimeout().toMillis();
    CompletableFuture<HttpResponse<String>> request = api.getAsync("/sync?timeout=" + timeout + "&since="
        + MatrixApi.query(since), token, settings.syncTimeout().plus(REQUEST_TIMEOUT));
    session.poll = request;
    if (session.ended.isDone()) {
      request.cancel(true); // ended between the check and the assignment
    }
    try {
      return MatrixApi.reply(request.get());
    } catch (CancellationException e) {
      return null;
    } catch (ExecutionException e) {
      if (session.ended.isDone()) {
        return null;
      }
      throw e;
    }
  }

  /** Logs in with the password (a new device each time); returns why not, or null on success. */
  private String logIn() throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("type", "m.login.password");
    body.putObject("identifier").put("type", "m.id.user").put("user", settings.user());
    body.put("password", settings.password()).put("initial_device_display_name", "Squall");
    Reply reply = api.call("POST", "/login", body, null, REQUEST_TIMEOUT);
    if (!reply.ok()) {
      return "POST /login as " + settings.user() + " answered " + reply.describe();
    }
    token = reply.body().path("access_token").asText();
    log.info("Matrix adapter {}: logged in as {} (device {})", name(), reply.body().path("user_id").asText(),
        reply.body().path("device_id").asText());
    return null;
  }

  /** The bot's display name, for {@code Name: command}; null when the profile has none. */
  private String displayName(String userId) throws InterruptedException {
    try {
      Reply reply = api.call("GET", "/profile/" + MatrixApi.segment(userId) + "/displayname", null, token,
          REQUEST_TIMEOUT);
      return reply.ok() ? reply.body().path("displayname").asText(null) : null;
    } catch (IOException e) {
      return null; // answering to the localpart still works
    }
  }

  /** Joins a room by id or alias; a refusal is logged, not retried (the room may be gone). */
  private boolean join(String room, boolean direct) throws IOException, InterruptedException {
    Reply reply = api.call("POST", "/join/" + MatrixApi.segment(room), JSON.createObjectNode(), token, REQUEST_TIMEOUT);
    if (!reply.ok()) {
      log.warn("Matrix adapter {}: cannot join {}: {}", name(), room, reply.describe());
      return false;
    }
    String roomId = reply.body().path("room_id").asText(room);
    roomIds.put(room, roomId);
    if (direct) {
      directRooms.add(roomId);
    }
    return true;
  }

  /** Handles one sync answer; {@code live} is false for the first one, whose history is skipped. */
  private void onSync(Session session, JsonNode sync, boolean live) throws IOException, InterruptedException {
    for (JsonNode event : sync.path("account_data").path("events")) {
      if ("m.direct".equals(event.path("type").asText())) {
        event.path("content").forEach(ids -> ids.forEach(id -> directRooms.add(id.asText())));
      }
    }
    for (Map.Entry<String, JsonNode> invite : sync.path("rooms").path("invite").properties()) {
      onInvite(session, invite.getKey(), invite.getValue());
    }
    for (Map.Entry<String, JsonNode> room : sync.path("rooms").path("join").properties()) {
      for (JsonNode event : room.getValue().path("timeline").path("events")) {
        if (live) {
          onEvent(session, room.getKey(), event);
        } else {
          seenEvents.firstTime(event.path("event_id").asText());
        }
      }
    }
    since = sync.path("next_batch").asText(since);
  }

  /**
   * Accepts an invite; one whose member event says {@code is_direct} makes the room a DM, and is
   * recorded in the account's {@code m.direct} data as the spec suggests, so it stays a DM after a
   * restart.
   */
  private void onInvite(Session session, String roomId, JsonNode invite) throws IOException, InterruptedException {
    String directWith = null;
    for (JsonNode event : invite.path("invite_state").path("events")) {
      if ("m.room.member".equals(event.path("type").asText())
          && session.userId.equals(event.path("state_key").asText())
          && event.path("content").path("is_direct").asBoolean(false)) {
        directWith = event.path("sender").asText();
      }
    }
    if (!settings.joinInvites() || !join(roomId, directWith != null)) {
      return;
    }
    log.info("Matrix adapter {}: accepted {}invite to {}", name(), directWith != null ? "direct " : "", roomId);
    if (directWith != null) {
      rememberDirect(session, directWith, roomId);
    }
  }

  /** Adds the room to {@code m.direct} (read, add, write back: the spec has no finer update). */
  private void rememberDirect(Session session, String user, String roomId) throws IOException, InterruptedException {
    String path = "/user/" + MatrixApi.segment(session.userId) + "/account_data/m.direct";
    Reply current = api.call("GET", path, null, token, REQUEST_TIMEOUT);
    if (!current.ok() && current.status() != 404) { // 404 M_NOT_FOUND: there is none yet
      log.warn("Matrix adapter {}: cannot read m.direct: {}", name(), current.describe());
      return; // writing now could drop the DMs it holds
    }
    ObjectNode direct = current.ok() && current.body().isObject() ? (ObjectNode) current.body() : JSON.createObjectNode();
    JsonNode rooms = direct.path(user);
    (rooms.isArray() ? (ArrayNode) rooms : direct.putArray(user)).add(roomId);
    Reply written = api.call("PUT", path, direct, token, REQUEST_TIMEOUT);
    if (!written.ok()) {
      log.warn("Matrix adapter {}: cannot record {} in m.direct: {}", name(), roomId, written.describe());
    }
  }

  private void onEvent(Session session, String roomId, JsonNode event) {
    String sender = event.path("sender").asText();
    if (!"m.room.message".equals(event.path("type").asText()) || sender.equals(session.userId)
        || !seenEvents.firstTime(event.path("event_id").asText())) {
      return; // not a message, our own, or one already handed on
    }
    JsonNode content = event.path("content");
    JsonNode relates = content.path("m.relates_to");
    // m.notice is other bots' output, which bots must not answer; an edit (m.replace) would run
    // the command a second time.
    if (!"m.text".equals(content.path("msgtype").asText()) || "m.replace".equals(relates.path("rel_type").asText())) {
      return;
    }
    String thread = "m.thread".equals(relates.path("rel_type").asText()) ? relates.path("event_id").asText(null) : null;
    String text = content.path("body").asText("");
    if (relates.has("m.in_reply_to") && !relates.path("is_falling_back").asBoolean(false)) {
      text = MatrixText.withoutReplyFallback(text);
    }
    boolean mentioned = false;
    for (JsonNode user : content.path("m.mentions").path("user_ids")) {
      mentioned |= session.userId.equals(user.asText());
    }
    String addressed = MatrixText.afterAddress(text, session.userId, session.displayName);
    if (addressed != null) {
      mentioned = true;
      text = addressed;
    }
    received(new IncomingMessage(name(), sender, MatrixText.localpart(sender), roomId, thread,
        directRooms.contains(roomId), mentioned, text, Instant.now(), event.path("event_id").asText(null)));
  }

  @Override
  protected String describeFailure(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return "cannot reach " + settings.homeserver() + ": " + cause;
  }

  @Override
  protected boolean deliver(Session session, Outgoing next) throws InterruptedException {
    // The homeserver may fail sends although the sync still runs: the session ends then, and the
    // piece goes out (same txn id) after the reconnect.
    return HttpDelivery.deliver("Matrix adapter " + name(), next.room(), session::end, this::waitOutRateLimit, () -> {
      String roomId = roomId(next.room());
      if (roomId == null) {
        return new Attempt.Done(); // logged: no such alias
      }
      Reply reply = api.call("PUT", "/rooms/" + MatrixApi.segment(roomId) + "/send/m.room.message/"
          + MatrixApi.segment(next.txnId()), next.content(), token, REQUEST_TIMEOUT);
      if (reply.ok()) {
        return new Attempt.Done();
      }
      if (reply.status() == 429) { // retried with the same transaction id
        return new Attempt.RateLimited(waitFor(reply));
      }
      if (reply.tokenRejected() || reply.status() >= 500) {
        return new Attempt.Broken(refused("sending to " + roomId, reply));
      }
      // The server refused this message (not in the room, no permission): retrying cannot help.
      log.warn("Matrix adapter {}: message to {} refused: {}", name(), roomId, reply.describe());
      return new Attempt.Done();
    });
  }

  /** The room id for an id or an alias (resolved through the room directory once). */
  private String roomId(String room) throws IOException, InterruptedException {
    if (!room.startsWith("#")) {
      return room;
    }
    String known = roomIds.get(room);
    if (known != null) {
      return known;
    }
    Reply reply = api.call("GET", "/directory/room/" + MatrixApi.segment(room), null, token, REQUEST_TIMEOUT);
    if (!reply.ok()) {
      log.warn("Matrix adapter {}: cannot resolve room alias {}: {}", name(), room, reply.describe());
      return null;
    }
    String id = reply.body().path("room_id").asText();
    roomIds.put(room, id);
    return id;
  }

  /** Why a request failed; a rejected token is dropped, to log in again, when a password is set. */
  private String refused(String what, Reply reply) {
    if (reply.tokenRejected() && settings.canLogIn()) {
      token = null;
      return what + " answered " + reply.describe() + "; logging in again";
    }
    return what + " answered " + reply.describe();
  }

  /** The sync was rate limited: wait as asked (within reason). */
  private void waitOut(Reply reply) throws InterruptedException {
    Duration wait = waitFor(reply);
    log.info("Matrix adapter {}: rate limited ({}), waiting {} ms", name(), reply.errcode(), wait.toMillis());
    waitOutRateLimit(Duration.ofMillis(Math.min(wait.toMillis(), HttpDelivery.LONGEST_WAIT.toMillis())));
  }

  private static Duration waitFor(Reply reply) {
    return MatrixText.retryAfter(reply.body().path("retry_after_ms").asLong(-1), reply.headers());
  }

  @Override
  protected void discard(Session session) {
    session.end("connection closed");
  }
}
