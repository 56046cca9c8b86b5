package dev.squall.chat.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AnswerReceipt;
import dev.squall.chat.IncomingAnswer;
import dev.squall.chat.OutgoingMessage.Kind;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.QuestionControls;
import dev.squall.chat.Chunks;
import dev.squall.chat.HttpDelivery.Attempt;
import dev.squall.chat.HttpDelivery;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.JsonSocket;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.ReconnectingAdapter;
import dev.squall.chat.SeenIds;
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
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
  private static final int MAX_ACTION_BODY = 64 * 1024;

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
  private final MattermostQuestions questions;
  private HttpServer actionsServer; // guarded by this
  private boolean actionsClosed; // guarded by this

  public MattermostAdapter(String name, MattermostSettings settings) {
    super("mattermost", name, "posts", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    this.questions = settings.actions() == null ? null : new MattermostQuestions(settings.actions().secret());
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
    String channel = channel(message);
    if (message.kind() == Kind.QUESTION) {
      Optional<Map<String, Object>> buttons = questionProps(message);
      if (buttons.isPresent()) {
        enqueue(List.of(new Outgoing(channel, message.thread(),
            QuestionControls.cut(message.question().prompt(), MAX_POST_LENGTH), buttons.get())), channel);
        return;
      }
      // A form, or no listener for the buttons: the text says how to answer by typing.
      message = new OutgoingMessage(channel, message.thread(), message.text(), message.extra(), Kind.PLAIN);
    }
    List<String> parts = Chunks.split(message.text(), MAX_POST_LENGTH);
    List<Outgoing> pieces = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      pieces.add(new Outgoing(channel, message.thread(), parts.get(i), i == 0 ? props(message) : Map.of()));
    }
    enqueue(pieces, channel);
  }

  private String channel(OutgoingMessage message) {
    String channel = message.room() == null ? "" : message.room().strip();
    if (channel.isEmpty()) {
      throw new BadRequestException("Mattermost adapter " + name() + " cannot send without a channel id");
    }
    return channel;
  }

  /** The red of the attachment that marks a failed execution's result. */
  static final String FAILURE_COLOR = "#d24b4e";

  /**
   * The first post's {@code props}: {@code extra.mattermost}, or for a failed execution's result
   * (when the alias gives no attachments of its own) a red attachment saying so, Mattermost's way
   * of marking it.
   */
  private static Map<String, Object> props(OutgoingMessage message) {
    if (message.kind() == Kind.QUESTION) {
      return Map.of(); // see questionProps
    }
    Map<String, Object> props = message.extra().get("mattermost") instanceof Map<?, ?> m ? typed(m) : Map.of();
    if (message.kind() == OutgoingMessage.Kind.FAILURE && props.get("attachments") == null) {
      Map<String, Object> marked = new java.util.LinkedHashMap<>(props);
      marked.put("attachments", List.of(Map.of("color", FAILURE_COLOR, "fallback", "Failed", "text", "❌ Failed")));
      return marked;
    }
    return props;
  }

  /**
   * A question's {@code props} with its buttons, when it is one click to answer and the actions
   * listener is there to receive it; else empty, and the question goes out as its typed-answer text.
   */
  private Optional<Map<String, Object>> questionProps(OutgoingMessage message) {
    if (!asksWithControls() || QuestionControls.oneClick(message.question()).isEmpty()) {
      return Optional.empty();
    }
    URI actions = actionsUrl();
    if (actions == null) {
      return Optional.empty();
    }
    return Optional.of(JSON.convertValue(questions.props(message.question(), message.thread(), actions.toString()),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
  }

  @Override
  public boolean edits() {
    return true;
  }

  /**
   * {@code POST /api/v4/posts} at once (not queued), its message cut to one post; the answer's
   * post id is what {@link #edit} addresses. A 429 is waited out as the server asks.
   */
  @Override
  public Optional<PostedMessage> post(OutgoingMessage message) {
    String channel = channel(message);
    Optional<Map<String, Object>> buttons = message.kind() == Kind.QUESTION ? questionProps(message) : Optional.empty();
    String text = buttons.isPresent() ? message.question().prompt() : message.text();
    ObjectNode body = JSON.createObjectNode().put("channel_id", channel).put("message", cut(text));
    if (message.thread() != null && !message.thread().isBlank()) {
      body.put("root_id", message.thread());
    }
    Map<String, Object> props = buttons.orElseGet(() -> props(message));
    if (!props.isEmpty()) {
      body.set("props", JSON.valueToTree(props));
    }
    String[] id = {null};
    request("POST", "/posts", body, answer -> id[0] = JSON.readTree(answer).path("id").asText(null));
    return Optional.ofNullable(id[0]).map(p -> new PostedMessage(channel, message.thread(), p));
  }

  /** {@code PUT /api/v4/posts/{id}/patch} with the new message (and props). */
  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    ObjectNode body = JSON.createObjectNode().put("message", cut(replacement.text()));
    body.set("props", JSON.valueToTree(props(replacement)));
    request("PUT", "/posts/" + URLEncoder.encode(posted.id(), StandardCharsets.UTF_8) + "/patch", body, answer -> { });
  }

  /** What to do with a 2xx answer's body. */
  private interface Answer {
    void accept(String body) throws IOException;
  }

  /** One REST call on the caller's thread, 429s waited out; a failure is logged (best-effort). */
  private void request(String method, String path, ObjectNode body, Answer answer) {
    HttpRequest request = authorised(HttpRequest.newBuilder(settings.api(path)))
        .header("Content-Type", "application/json").timeout(CONNECT_TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
    try {
      HttpDelivery.deliver("Mattermost adapter " + name(), path,
          why -> log.warn("Mattermost adapter {}: {} {} failed: {}", name(), method, path, why), this::waitOutRateLimit, () -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
              return new Attempt.RateLimited(RateLimit.waitFor(response.headers(), Instant.now()));
            }
            if (response.statusCode() >= 300) {
              log.warn("Mattermost adapter {}: {} /api/v4{} refused: {} {}", name(), method, path,
                  response.statusCode(), errorText(response.body()));
            } else {
              answer.accept(response.body());
            }
            return new Attempt.Done();
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String cut(String text) {
    return text.length() <= MAX_POST_LENGTH ? text : text.substring(0, MAX_POST_LENGTH - 1) + "…";
  }

  /** {@code @name}: Mattermost highlights it and notifies the user, as StackStorm's bot did. */
  @Override
  public String addressee(String userId, String userName) {
    return "@" + userName;
  }

  /**
   * Whether questions get interactive buttons: when {@code actions_listen_port} is configured,
   * where Squall serves their integration URL. Questions that need a form are asked as text.
   */
  @Override
  public boolean asksWithControls() {
    return questions != null;
  }

  /** The port the buttons' integration listener is bound to, or -1. */
  public synchronized int actionsPort() {
    return actionsServer == null ? -1 : actionsServer.getAddress().getPort();
  }

  /**
   * The integration URL for buttons, binding its listener first if need be (it then stays up until
   * the adapter closes, so that buttons keep working across reconnects); null when it cannot bind.
   */
  private URI actionsUrl() {
    try {
      startActions();
    } catch (IOException e) {
      log.warn("Mattermost adapter {}: {}; the question goes out as text", name(), e.getMessage());
      return null;
    }
    MattermostSettings.Actions actions = settings.actions();
    return actions.url() != null ? actions.url()
        : URI.create("http://" + actions.listenHost() + ":" + actionsPort() + MattermostSettings.ACTIONS_PATH);
  }

  private synchronized void startActions() throws IOException {
    if (actionsServer != null || questions == null || actionsClosed) {
      return;
    }
    MattermostSettings.Actions actions = settings.actions();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(actions.listenHost(), actions.listenPort()), 0);
    } catch (IOException e) {
      throw new IOException("cannot listen for button clicks on " + actions.listenHost() + ":" + actions.listenPort()
          + ": " + e.getMessage(), e);
    }
    server.createContext(MattermostSettings.ACTIONS_PATH, this::onAction);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    actionsServer = server;
  }

  @Override
  protected void closed() {
    HttpServer server;
    synchronized (this) {
      actionsClosed = true;
      server = actionsServer;
      actionsServer = null;
    }
    if (server != null) {
      server.stop(0);
    }
  }

  /**
   * A button's integration request from the Mattermost server: checked against the context's
   * signature, handed to the listener, and answered with the post's update or an ephemeral text.
   */
  private void onAction(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (var in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_ACTION_BODY + 1);
      }
      JsonNode request;
      try {
        request = body.length > MAX_ACTION_BODY ? null : JSON.readTree(body);
      } catch (IOException e) {
        request = null;
      }
      var clicked = request == null ? java.util.Optional.<MattermostQuestions.Clicked>empty() : questions.clicked(request);
      if (clicked.isEmpty()) {
        log.warn("Mattermost adapter {}: refused a button request from {} without a valid signature", name(),
            exchange.getRemoteAddress());
        exchange.sendResponseHeaders(request == null ? 400 : 403, -1);
        return;
      }
      String channel = request.path("channel_id").asText();
      String user = request.path("user_id").asText();
      String thread = clicked.get().thread();
      String postId = request.path("post_id").asText("");
      AnswerReceipt receipt = answered(new IncomingAnswer(name(), user, request.path("user_name").asText(user), channel,
          thread, clicked.get().questionId(), clicked.get().values(),
          postId.isEmpty() ? null : new PostedMessage(channel, thread, postId), Instant.now()));
      URI actionsUrl = actionsUrl();
      byte[] response = questions.response(receipt, request.path("context"), actionsUrl == null ? null : actionsUrl.toString())
          .toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, response.length);
      exchange.getResponseBody().write(response);
    } catch (RuntimeException e) {
      log.warn("Mattermost adapter {}: failed on a button request: {}", name(), e.toString());
    }
  }

  @Override
  protected String connectingDetail() {
    return "connecting to " + settings.url();
  }

  @Override
  protected String serve() throws Exception {
    startActions();
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
