package dev.squall.chat.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.Chunks;
import dev.squall.chat.HttpDelivery.Attempt;
import dev.squall.chat.HttpDelivery;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.JsonSocket;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.ReconnectingAdapter;
import dev.squall.chat.SeenIds;
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mattermost adapter on REST API v4 and the WebSocket event stream.
 *
 * <p>Each (re)connect asks {@code GET /api/v4/users/me} who the bot is, opens
 * {@code /api/v4/websocket} and authenticates with an {@code authentication_challenge}; the
 * session is ready once the server says {@code hello}. The client's {@code seq} keeps counting
 * across reconnects, and a reconnect asks to resume the previous connection
 * ({@code connection_id} and the next {@code sequence_number}), so the server can replay what was
 * missed. Post ids already handed on are remembered, so an event the server repeats after a
 * reconnect is never answered twice.
 *
 * <p>{@link IncomingMessage#room()} is the channel id (also for direct channels), and
 * {@link IncomingMessage#thread()} the post's {@code root_id} when it is a reply in a thread.
 */
public final class MattermostAdapter extends ReconnectingAdapter<MattermostAdapter.Session, MattermostAdapter.Outgoing> {

  /** Mattermost's post limit (in characters, since server 5.0). */
  public static final int MAX_POST_LENGTH = 16_383;

  private static final Logger log = LoggerFactory.getLogger(MattermostAdapter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED_POSTS = 2000;

  /** One queued post. */
  record Outgoing(String channelId, String rootId, String message, Map<String, Object> props) {}

  /** One WebSocket connection, from authentication until it drops. */
  final class Session extends JsonSocket {
    final String botId;
    final String botName;

    Session(String botId, String botName) {
      this.botId = botId;
      this.botName = botName;
    }

    @Override
    protected void onMessage(JsonNode event) throws IOException {
      onEvent(this, event);
    }

    /** One odd event is not a reason to drop the connection: it is logged and skipped. */
    @Override
    protected void unreadable(String text, Exception e) {
      log.warn("Mattermost adapter {}: unreadable event {}: {}", name(), text, e.toString());
    }
  }

  private final MattermostSettings settings;
  private final HttpClient http;
  private final AtomicLong seq = new AtomicLong();
  // Where the last connection left off, for resuming: its id and the last event seq seen.
  private volatile String connectionId = "";
  private volatile long lastEventSeq = -1;
  private final SeenIds seenPosts = new SeenIds(REMEMBERED_POSTS);

  public MattermostAdapter(String name, MattermostSettings settings) {
    super("mattermost", name, "posts", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("mattermost", MAX_POST_LENGTH, true);
  }

  /**
   * Queues the text for a channel id (in the thread of {@code thread}, a root post id, if given),
   * split at {@link #MAX_POST_LENGTH}; {@code extra.mattermost} becomes the first post's
   * {@code props} (attachments and the like). Never blocks.
   */
  @Override
  public void send(OutgoingMessage message) {
    String channel = message.room() == null ? "" : message.room().strip();
    if (channel.isEmpty()) {
      throw new BadRequestException("Mattermost adapter " + name() + " cannot send without a channel id");
    }
    Map<String, Object> props = message.extra().get("mattermost") instanceof Map<?, ?> m ? typed(m) : Map.of();
    List<String> parts = Chunks.split(message.text(), MAX_POST_LENGTH);
    List<Outgoing> pieces = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      pieces.add(new Outgoing(channel, message.thread(), parts.get(i), i == 0 ? props : Map.of()));
    }
    enqueue(pieces, channel);
  }

  /** {@code @name}: Mattermost highlights it and notifies the user, as StackStorm's bot did. */
  @Override
  public String addressee(String userId, String userName) {
    return "@" + userName;
  }

  @Override
  protected String connectingDetail() {
    return "connecting to " + settings.url();
  }

  @Override
  protected String serve() throws Exception {
    HttpResponse<String> me = http.send(authorised(HttpRequest.newBuilder(settings.api("/users/me")))
        .timeout(CONNECT_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (me.statusCode() != 200) {
      throw new IOException("GET /api/v4/users/me answered " + me.statusCode() + " " + errorText(me.body()));
    }
    JsonNode user = JSON.readTree(me.body());
    Session session = new Session(user.path("id").asText(), user.path("username").asText());
    opened(session);
    WebSocket socket = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
        .buildAsync(resumeUri(), session).get();
    ObjectNode auth = JSON.createObjectNode().put("seq", seq.incrementAndGet()).put("action", "authentication_challenge");
    auth.putObject("data").put("token", settings.token());
    socket.sendText(JSON.writeValueAsString(auth), true).get();
    if (isClosed()) {
      return "closed";
    }
    return session.ended.get();
  }

  @Override
  protected String describeFailure(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return "cannot connect to " + settings.url() + ": " + cause;
  }

  @Override
  protected boolean deliver(Session session, Outgoing next) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("channel_id", next.channelId()).put("message", next.message());
    if (next.rootId() != null && !next.rootId().isBlank()) {
      body.put("root_id", next.rootId());
    }
    if (!next.props().isEmpty()) {
      body.set("props", JSON.valueToTree(next.props()));
    }
    HttpRequest request = authorised(HttpRequest.newBuilder(settings.api("/posts")))
        .header("Content-Type", "application/json").timeout(CONNECT_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    // The server may fail posts although the WebSocket is still up: the session ends then, or the
    // sender would wait for a drop that might never come.
    return HttpDelivery.deliver("Mattermost adapter " + name(), next.channelId(), session.ended::complete, this::waitOutRateLimit, () -> {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 429) {
        return new Attempt.RateLimited(RateLimit.waitFor(response.headers(), Instant.now()));
      }
      if (response.statusCode() >= 500) {
        return new Attempt.Broken("posting to " + next.channelId() + " answered " + response.statusCode()
            + " " + errorText(response.body()));
      }
      if (response.statusCode() >= 300) {
        // The server refused this post (no permission, unknown channel): retrying cannot help.
        log.warn("Mattermost adapter {}: post to {} refused: {} {}", name(), next.channelId(),
            response.statusCode(), errorText(response.body()));
      }
      return new Attempt.Done();
    });
  }

  @Override
  protected void discard(Session session) {
    session.end("connection closed");
  }

  private URI resumeUri() {
    String id = connectionId;
    return id.isEmpty() ? settings.websocket() : URI.create(settings.websocket() + "?connection_id="
        + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&sequence_number=" + (lastEventSeq + 1));
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
    return builder.header("Authorization", "Bearer " + settings.token());
  }

  private void onEvent(Session session, JsonNode event) throws IOException {
    if (event.has("status") && "FAIL".equals(event.path("status").asText())) {
      session.ended.complete("server refused: " + event.path("error").path("message").asText(event.toString()));
      return;
    }
    if (event.has("event") && event.has("seq")) {
      lastEventSeq = event.path("seq").asLong();
    }
    switch (event.path("event").asText()) {
      case "hello" -> {
        String id = event.path("data").path("connection_id").asText("");
        if (!id.equals(connectionId)) {
          connectionId = id; // a new connection: its events count from 0
          lastEventSeq = event.path("seq").asLong();
        }
        ready(session);
        setHealth(State.CONNECTED, "connected to " + settings.url() + " as @" + session.botName);
      }
      case "posted" -> onPosted(session, event.path("data"));
      default -> { }
    }
  }

  private void onPosted(Session session, JsonNode data) throws IOException {
    JsonNode post = JSON.readTree(data.path("post").asText("{}"));
    String id = post.path("id").asText();
    String user = post.path("user_id").asText();
    if (user.equals(session.botId) || !post.path("type").asText().isEmpty() || !seenPosts.firstTime(id)) {
      return; // our own post, a system message, or one already handed on before a reconnect
    }
    String root = post.path("root_id").asText("");
    String sender = data.path("sender_name").asText(user);
    String message = post.path("message").asText("");
    received(new IncomingMessage(name(), user, sender.startsWith("@") ? sender.substring(1) : sender,
        post.path("channel_id").asText(), root.isEmpty() ? null : root, "D".equals(data.path("channel_type").asText()),
        mentions(message, session.botName) || mentionedById(data, session.botId), message, Instant.now(),
        post.path("id").asText(null)));
  }

  /** {@code @name} anywhere, as Mattermost highlights it (a following dot or dash still counts). */
  static boolean mentions(String text, String name) {
    String lower = text.toLowerCase(Locale.ROOT);
    String target = "@" + name.toLowerCase(Locale.ROOT);
    for (int at = lower.indexOf(target); at >= 0; at = lower.indexOf(target, at + 1)) {
      int end = at + target.length();
      boolean startOk = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
      boolean endOk = end == lower.length() || !isNameChar(lower.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** {@code data.mentions} is a JSON string holding the ids of the users the post mentions. */
  private static boolean mentionedById(JsonNode data, String botId) {
    String mentions = data.path("mentions").asText("");
    return !mentions.isEmpty() && mentions.contains("\"" + botId + "\"");
  }

  private static String errorText(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      return error.path("message").asText(body);
    } catch (IOException e) {
      return body;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> typed(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
