package dev.squall.chat.teams;

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
import dev.squall.chat.Question;
import dev.squall.chat.QuestionControls;
import dev.squall.chat.Chunks;
import dev.squall.chat.HttpDelivery.Attempt;
import dev.squall.chat.HttpDelivery;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.ReconnectingAdapter;
import dev.squall.chat.SeenIds;
import dev.squall.chat.RetryAfter;
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Microsoft Teams adapter on the Bot Framework.
 *
 * <p>Teams reaches the bot through its own messaging endpoint: an HTTP listener on
 * {@code listen_host:listen_port} serving {@code POST /api/messages}, the only thing to expose
 * (behind a TLS proxy) as the Azure Bot's messaging endpoint, while Squall's API stays private.
 * Every request must carry a Bot Framework JWT ({@link InboundAuth}); anything else is answered 401
 * and dropped. An accepted activity is answered 200 at once; the reply goes out later through the
 * Bot Connector ({@code POST {serviceUrl}/v3/conversations/{id}/activities}) with an OAuth2
 * client-credentials token.
 *
 * <p>A session is: the access token obtained and the signing keys fetched, then the listener bound
 * until the adapter closes or a token renewal fails, which ends the session so the connection loop
 * reconnects with backoff (the listener is down meanwhile).
 *
 * <p>{@link IncomingMessage#room()} is the conversation id without its thread part; in a channel
 * thread ({@code 19:…@thread.skype;messageid=1481567603816}) {@link IncomingMessage#thread()} is
 * the message id after {@code ;messageid=}. {@link IncomingMessage#userId()} is the sender's Entra
 * ID (AAD) object id when Teams gives one, since that is the user's identity across bots and in
 * the tenant's directory, else the Bot Framework's {@code from.id}. Each conversation's
 * {@code serviceUrl} is remembered from its activities; {@code service_url} is the fallback.
 */
public final class TeamsAdapter extends ReconnectingAdapter<TeamsAdapter.Session, TeamsAdapter.Outgoing> {

  /** Characters per message: well inside Teams' ~28 KB message size. */
  public static final int MAX_MESSAGE_LENGTH = 20_000;
  /** UTF-8 bytes of text per message, so non-Latin text stays inside the size limit too. */
  static final int MAX_MESSAGE_BYTES = 24_000;
  public static final String PATH = "/api/messages";

  private static final Logger log = LoggerFactory.getLogger(TeamsAdapter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;
  private static final int REMEMBERED_ACTIVITIES = 2000;
  private static final int REMEMBERED_CONVERSATIONS = 10_000;
  private static final Duration KEY_REFETCH_INTERVAL = Duration.ofMinutes(1);

  /** One queued activity for a conversation. */
  record Outgoing(URI serviceUrl, String conversationId, ObjectNode activity) {}

  /** One session: the bound listener, until it ends. */
  static final class Session {
    final CompletableFuture<String> ended = new CompletableFuture<>();
    private HttpServer server; // guarded by this
    private ExecutorService executor; // guarded by this

    /** Keeps the listener, or stops it at once when the session already ended. */
    synchronized boolean attach(HttpServer server, ExecutorService executor) {
      this.server = server;
      this.executor = executor;
      if (ended.isDone()) {
        stop();
        return false;
      }
      return true;
    }

    synchronized void end(String why) {
      ended.complete(why);
      stop();
    }

    private void stop() {
      if (server != null) {
        server.stop(0);
        executor.shutdownNow();
        server = null;
      }
    }
  }

  private final TeamsSettings settings;
  private final HttpClient http;
  private final AccessToken accessToken;
  private final SigningKeys keys;
  private final InboundAuth auth;
  private volatile int boundPort = -1;
  private final SeenIds seenActivities = new SeenIds(REMEMBERED_ACTIVITIES);
  private final QuestionControls questions = new QuestionControls();
  private final Map<String, URI> serviceUrls = Collections.synchronizedMap(bounded(REMEMBERED_CONVERSATIONS));

  public TeamsAdapter(String name, TeamsSettings settings) {
    super("teams", name, "messages", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    this.accessToken = new AccessToken(http, settings.tokenUrl(), settings.appId(), settings.appPassword());
    this.keys = new SigningKeys(http, settings.openIdMetadataUrl(), KEY_REFETCH_INTERVAL);
    this.auth = new InboundAuth(keys, settings.appId());
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("teams", MAX_MESSAGE_LENGTH, true);
  }

  /** The port the messaging endpoint listens on (the bound one when configured as 0), or -1 while down. */
  public int port() {
    return boundPort;
  }

  /**
   * Queues the text for a conversation (into the thread {@code thread} of a channel, if given),
   * split at {@link #MAX_MESSAGE_LENGTH}, as markdown; {@code extra.teams}'s {@code attachments}
   * (Adaptive Cards and the like) and {@code attachmentLayout} go with the first piece. Never blocks.
   *
   * @throws BadRequestException without a room, or when no service URL is known for it
   */
  @Override
  public void send(OutgoingMessage message) {
    String room = room(message);
    URI serviceUrl = serviceUrl(room);
    String conversation = TeamsText.conversation(room, message.thread());
    if (message.kind() == Kind.QUESTION) {
      enqueue(List.of(new Outgoing(serviceUrl, conversation, questionActivity(message))), room);
      return;
    }
    List<Outgoing> pieces = new ArrayList<>();
    for (String text : Chunks.split(message.text(), MAX_MESSAGE_LENGTH, MAX_MESSAGE_BYTES)) {
      pieces.add(new Outgoing(serviceUrl, conversation, activity(message, text, pieces.isEmpty())));
    }
    enqueue(pieces, room);
  }

  private String room(OutgoingMessage message) {
    String room = message.room() == null ? "" : message.room().strip();
    if (room.isEmpty()) {
      throw new BadRequestException("Teams adapter " + name() + " cannot send without a conversation id");
    }
    return room;
  }

  private URI serviceUrl(String room) {
    URI serviceUrl = serviceUrls.getOrDefault(room, settings.serviceUrl());
    if (serviceUrl == null) {
      throw new BadRequestException("Teams adapter " + name() + " has no service URL for conversation " + room
          + ": nobody wrote from it yet and chat." + name() + ".service_url is not set");
    }
    return serviceUrl;
  }

  /**
   * One message activity (a question: its card). The first piece of a failed execution's result
   * starts with a bold "❌ Failed" line (Teams' markdown), unless the alias gives its own attachments.
   */
  private ObjectNode activity(OutgoingMessage message, String text, boolean first) {
    if (message.kind() == Kind.QUESTION) {
      return questionActivity(message);
    }
    Map<?, ?> teams = message.extra().get("teams") instanceof Map<?, ?> t ? t : Map.of();
    boolean marked = first && message.kind() == OutgoingMessage.Kind.FAILURE && teams.get("attachments") == null;
    ObjectNode activity = JSON.createObjectNode().put("type", "message")
        .put("text", marked ? "**❌ Failed**\n\n" + text : text).put("textFormat", "markdown");
    if (first) {
      for (String key : List.of("attachments", "attachmentLayout")) {
        if (teams.get(key) != null) {
          activity.set(key, JSON.valueToTree(teams.get(key)));
        }
      }
    }
    return activity;
  }

  @Override
  public boolean edits() {
    return true;
  }

  /**
   * Sends the activity at once (not queued) to the Bot Connector, its text cut to one message;
   * the answer's activity id is what {@link #edit} updates.
   */
  @Override
  public Optional<PostedMessage> post(OutgoingMessage message) {
    String room = room(message);
    String conversation = TeamsText.conversation(room, message.thread());
    String[] id = {null};
    connector(serviceUrl(room), "POST", "/v3/conversations/" + segment(conversation) + "/activities",
        activity(message, cut(message.text()), true), answer -> id[0] = JSON.readTree(answer).path("id").asText(null));
    return Optional.ofNullable(id[0]).filter(i -> !i.isEmpty()).map(a -> new PostedMessage(room, message.thread(), a));
  }

  /** {@code PUT /v3/conversations/{conversationId}/activities/{activityId}} with the replacement. */
  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    String conversation = TeamsText.conversation(posted.room(), posted.thread());
    ObjectNode activity = activity(replacement, cut(replacement.text()), true).put("id", posted.id());
    connector(serviceUrl(posted.room()), "PUT", "/v3/conversations/" + segment(conversation) + "/activities/"
        + segment(posted.id()), activity, answer -> { });
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String cut(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String cut = Chunks.split(text, MAX_MESSAGE_LENGTH, MAX_MESSAGE_BYTES).getFirst();
    return cut.length() == text.length() ? text : cut + "…";
  }

  /** What to do with a 2xx answer's body. */
  private interface Answer {
    void accept(String body) throws IOException;
  }

  /** One Bot Connector call on the caller's thread: 429s waited out, a stale token renewed once, failures logged. */
  private void connector(URI serviceUrl, String method, String path, ObjectNode activity, Answer answer) {
    URI uri = URI.create(withoutSlash(serviceUrl.toString()) + path);
    boolean[] renewed = {false};
    try {
      HttpDelivery.deliver("Teams adapter " + name(), path,
          why -> log.warn("Teams adapter {}: {} {} failed: {}", name(), method, path, why), this::waitOutRateLimit, () -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(CONNECT_TIMEOUT)
                .header("Authorization", "Bearer " + accessToken.get()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(activity.toString())).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 429) {
              return new Attempt.RateLimited(RetryAfter.of(response.headers(), Instant.now()).orElse(Duration.ofSeconds(1)));
            }
            if (status == 401 && !renewed[0]) {
              accessToken.invalidate();
              renewed[0] = true;
              return new Attempt.Again();
            }
            if (status >= 300) {
              log.warn("Teams adapter {}: {} {} refused: {} {}", name(), method, path, status, response.body());
            } else {
              answer.accept(response.body());
            }
            return new Attempt.Done();
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Teams has Adaptive Cards with Universal Actions: see {@link TeamsQuestions}. */
  @Override
  public boolean asksWithControls() {
    return true;
  }

  /** A question's activity: the prompt as its text (for notifications) and the card; remembered for its form. */
  ObjectNode questionActivity(OutgoingMessage message) {
    questions.asked(message.question());
    ObjectNode activity = JSON.createObjectNode().put("type", "message")
        .put("summary", QuestionControls.cut(message.question().prompt(), 200));
    activity.putArray("attachments").add(TeamsQuestions.attachment(message.question()));
    return activity;
  }

  @Override
  protected String connectingDetail() {
    return "connecting to the Bot Framework as app " + settings.appId();
  }

  @Override
  protected String serve() throws Exception {
    accessToken.get();
    keys.refresh();
    Session session = new Session();
    opened(session);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.listenHost(), settings.listenPort()), 0);
    } catch (IOException e) {
      throw new IOException("cannot listen on " + settings.listenHost() + ":" + settings.listenPort() + ": " + e.getMessage(), e);
    }
    server.createContext(PATH, exchange -> handle(session, exchange));
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.start();
    if (!session.attach(server, executor) || isClosed()) {
      return "closed";
    }
    boundPort = server.getAddress().getPort();
    ready(session);
    setHealth(State.CONNECTED, "listening on " + settings.listenHost() + ":" + boundPort + PATH + " as app " + settings.appId());
    return session.ended.get();
  }

  @Override
  protected String describeFailure(Exception e) {
    return e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.toString();
  }

  @Override
  protected boolean deliver(Session session, Outgoing next) throws InterruptedException {
    URI uri = URI.create(withoutSlash(next.serviceUrl().toString()) + "/v3/conversations/"
        + URLEncoder.encode(next.conversationId(), StandardCharsets.UTF_8).replace("+", "%20") + "/activities");
    boolean[] renewed = {false};
    // The connector (or the token endpoint) cannot be reached: reconnect with backoff, keep the piece.
    return HttpDelivery.deliver("Teams adapter " + name(), next.conversationId(), session::end, this::waitOutRateLimit, () -> {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(CONNECT_TIMEOUT)
          .header("Authorization", "Bearer " + accessToken.get()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(next.activity().toString())).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status == 429) {
        return new Attempt.RateLimited(RetryAfter.of(response.headers(), Instant.now()).orElse(Duration.ofSeconds(1)));
      }
      if (status == 401 && !renewed[0]) {
        accessToken.invalidate(); // revoked or expired early: one fresh token, then give up
        renewed[0] = true;
        return new Attempt.Again();
      }
      if (status >= 500) {
        return new Attempt.Broken("posting to " + next.conversationId() + " answered " + status + " " + response.body());
      }
      if (status >= 300) {
        // The connector refused this message (bot not in the conversation, bad card): retrying cannot help.
        log.warn("Teams adapter {}: message to {} refused: {} {}", name(), next.conversationId(), status, response.body());
      }
      return new Attempt.Done();
    });
  }

  @Override
  protected void discard(Session session) {
    session.end("closed");
    boundPort = -1;
  }

  private void handle(Session session, HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        exchange.sendResponseHeaders(413, -1);
        return;
      }
      JsonNode activity;
      try {
        activity = JSON.readTree(body);
      } catch (IOException e) {
        activity = null;
      }
      if (activity == null || !activity.isObject()) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      String serviceUrl = activity.path("serviceUrl").asText("");
      try {
        auth.check(exchange.getRequestHeaders().getFirst("Authorization"), serviceUrl, activity.path("channelId").asText(""));
      } catch (InboundAuth.Refused e) {
        log.warn("Teams adapter {}: refused a request from {}: {}", name(), exchange.getRemoteAddress(), e.getMessage());
        exchange.sendResponseHeaders(401, -1);
        return;
      } catch (IOException e) {
        log.warn("Teams adapter {}: cannot check a request's token: {}", name(), e.getMessage());
        exchange.sendResponseHeaders(503, -1);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if ("invoke".equals(activity.path("type").asText())
          && TeamsQuestions.INVOKE_NAME.equals(activity.path("name").asText())) {
        byte[] response = invoked(activity, serviceUrl).toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, response.length);
        exchange.getResponseBody().write(response);
        return;
      }
      exchange.sendResponseHeaders(200, -1);
      onActivity(activity, serviceUrl);
    } catch (RuntimeException e) {
      log.warn("Teams adapter {}: failed on a request: {}", name(), e.toString());
    }
  }

  private void onActivity(JsonNode activity, String serviceUrl) {
    String conversation = activity.path("conversation").path("id").asText("");
    if (conversation.isEmpty()) {
      return;
    }
    String room = TeamsText.room(conversation);
    serviceUrls.put(room, URI.create(serviceUrl)); // authenticated: the token named this serviceUrl
    String botId = activity.path("recipient").path("id").asText("");
    JsonNode from = activity.path("from");
    if (!"message".equals(activity.path("type").asText()) || from.path("id").asText().equals(botId)
        || !seenActivities.firstTime(room + " " + activity.path("id").asText())) {
      return; // not a message, our own, or one the Bot Framework delivers again
    }
    JsonNode entities = activity.path("entities");
    String userId = from.path("aadObjectId").asText("");
    received(new IncomingMessage(name(), userId.isEmpty() ? from.path("id").asText() : userId,
        from.path("name").asText(from.path("id").asText()), room, TeamsText.thread(conversation),
        "personal".equals(activity.path("conversation").path("conversationType").asText()),
        TeamsText.mentions(entities, botId),
        TeamsText.withoutMentions(activity.path("text").asText(""), entities, botId), Instant.now(),
        activity.path("id").asText(null)));
  }

  /**
   * An {@code adaptiveCard/action} invoke from a question's card: the listener decides, and the
   * invoke's HTTP response shows it — the card refreshed without its actions for an accepted answer,
   * a message to the clicker alone for a refusal.
   */
  private ObjectNode invoked(JsonNode activity, String serviceUrl) {
    JsonNode value = activity.path("value");
    String conversation = activity.path("conversation").path("id").asText("");
    var questionId = TeamsQuestions.questionId(value);
    if (conversation.isEmpty() || questionId.isEmpty()) {
      return TeamsQuestions.response(new AnswerReceipt.Refused("This card asks nothing of this bot."), Optional.empty());
    }
    String room = TeamsText.room(conversation);
    serviceUrls.put(room, URI.create(serviceUrl));
    var question = questions.question(questionId.get());
    var values = TeamsQuestions.values(value, question);
    if (values.isEmpty()) {
      return TeamsQuestions.response(new AnswerReceipt.Refused(
          "This question is no longer open here; answer by typing instead, as the question says."), Optional.empty());
    }
    JsonNode from = activity.path("from");
    String userId = from.path("aadObjectId").asText("");
    String thread = TeamsText.thread(conversation);
    String replyTo = activity.path("replyToId").asText("");
    AnswerReceipt receipt = answered(new IncomingAnswer(name(), userId.isEmpty() ? from.path("id").asText() : userId,
        from.path("name").asText(from.path("id").asText()), room, thread, questionId.get(), values.get(),
        replyTo.isEmpty() ? null : new PostedMessage(room, thread, replyTo), Instant.now()));
    return TeamsQuestions.response(receipt, question);
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** A map that forgets its least recently used entries beyond {@code capacity}. */
  private static <V> Map<String, V> bounded(int capacity) {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
