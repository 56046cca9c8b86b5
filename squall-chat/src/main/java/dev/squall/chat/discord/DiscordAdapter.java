package dev.squall.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Discord bot: the Gateway (API v10, JSON) for what users say, the REST API for replies.
 *
 * <p>A fresh connection asks {@code GET /gateway/bot} for the Gateway URL, heartbeats at the
 * interval HELLO gives and sends IDENTIFY; READY names the bot and gives a session id and a
 * {@code resume_gateway_url}. When the connection drops (or Discord sends RECONNECT, or a
 * heartbeat goes unacknowledged) the next connection goes to that URL and sends RESUME with the
 * last sequence number, so Discord replays what was missed; INVALID_SESSION with {@code d: false}
 * throws the session away and the next connection identifies afresh. Message ids already handed
 * on are remembered, so a replayed MESSAGE_CREATE is never answered twice.
 *
 * <p>{@link IncomingMessage#room()} is the channel id (a thread channel's own id for a message in
 * a thread, the DM channel's id for a direct message); {@link IncomingMessage#thread()} is the id
 * of the message a reply refers to, and a send with that thread replies to the same message.
 */
public final class DiscordAdapter extends ReconnectingAdapter<GatewaySession, DiscordAdapter.Outgoing> {

  /** GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES and the privileged MESSAGE_CONTENT. */
  static final int INTENTS = (1 << 0) | (1 << 9) | (1 << 12) | (1 << 15);

  private static final Logger log = LoggerFactory.getLogger(DiscordAdapter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED_MESSAGES = 2000;
  /** A message's {@code content} may hold at most 2000 characters. */
  public static final int MAX_MESSAGE_LENGTH = 2000;
  /** Close codes after which Discord will not resume the session (docs: Gateway close codes). */
  private static final int MAX_FAILED_RESUMES = 3;
  private static final Set<Integer> SESSION_LOST = Set.of(4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014);

  /** One queued message: its body for {@code POST /channels/{channel}/messages}. */
  record Outgoing(String channelId, ObjectNode body) {}

  private final DiscordSettings settings;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final Map<String, Instant> bucketResets = new ConcurrentHashMap<>();
  private final SeenIds seen = new SeenIds(REMEMBERED_MESSAGES);
  private final QuestionControls questions = new QuestionControls();

  // The Gateway session outlives its connections: what RESUME needs (connection thread and the
  // WebSocket's listener thread both use them).
  private volatile String sessionId;
  private volatile String resumeUrl;
  private volatile long sequence = -1;
  private volatile String botId = "";
  private volatile String botName = "";
  private volatile int failedResumes; // counted on the connection thread, reset on READY/RESUMED

  public DiscordAdapter(String name, DiscordSettings settings) {
    super("discord", name, "messages", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("discord", MAX_MESSAGE_LENGTH, true);
  }

  /**
   * Queues one message per {@value #MAX_MESSAGE_LENGTH} characters of text, in order, each a reply
   * to {@code thread} when given; {@code extra.discord.embeds} go with the first. Mentions in the
   * text never ping anyone ({@code allowed_mentions.parse} is empty). Never blocks.
   */
  @Override
  public void send(OutgoingMessage message) {
    String channel = channel(message);
    if (message.kind() == Kind.QUESTION) {
      enqueue(List.of(new Outgoing(channel, questionBody(message))), channel);
      return;
    }
    List<Outgoing> pieces = new ArrayList<>();
    for (String text : Chunks.split(message.text(), MAX_MESSAGE_LENGTH)) {
      pieces.add(new Outgoing(channel, body(message, text, pieces.isEmpty())));
    }
    enqueue(pieces, channel);
  }

  private String channel(OutgoingMessage message) {
    String channel = message.room() == null ? "" : message.room().strip();
    if (channel.isEmpty()) {
      throw new BadRequestException("Discord adapter " + name() + " cannot send without a channel id");
    }
    return channel;
  }

  /**
   * One message's body (a question: its controls). The first piece of a failed execution's result
   * carries a red embed saying so (Discord's way of marking it), unless the alias gives its own
   * {@code extra.discord.embeds}.
   */
  private ObjectNode body(OutgoingMessage message, String text, boolean first) {
    if (message.kind() == Kind.QUESTION) {
      return questionBody(message);
    }
    Object embeds = message.extra().get("discord") instanceof Map<?, ?> discord ? discord.get("embeds") : null;
    ObjectNode body = JSON.createObjectNode().put("content", text);
    body.putObject("allowed_mentions").putArray("parse");
    if (message.thread() != null && !message.thread().isBlank()) {
      body.putObject("message_reference").put("message_id", message.thread()).put("fail_if_not_exists", false);
    }
    if (first && embeds != null) {
      body.set("embeds", JSON.valueToTree(embeds));
    } else if (first && message.kind() == OutgoingMessage.Kind.FAILURE) {
      body.putArray("embeds").addObject().put("title", "❌ Failed").put("color", FAILURE_COLOR);
    }
    return body;
  }

  /** The red of a failed result's embed (Discord's own "danger" red, as an RGB integer). */
  static final int FAILURE_COLOR = 0xED4245;

  @Override
  public boolean edits() {
    return true;
  }

  /**
   * {@code POST /channels/{id}/messages} at once (not queued), its text cut to one message; the
   * answer's message id is what {@link #edit} addresses. Rate limits are waited out as for queued
   * messages; a refusal or an unreachable Discord gives empty.
   */
  @Override
  public Optional<PostedMessage> post(OutgoingMessage message) {
    String channel = channel(message);
    ObjectNode body = body(message, cut(message.text()), true);
    String[] id = {null};
    request(channel, "POST", "/channels/" + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "/messages", body,
        answer -> id[0] = JSON.readTree(answer).path("id").asText(null));
    return Optional.ofNullable(id[0]).map(m -> new PostedMessage(channel, message.thread(), m));
  }

  /** {@code PATCH /channels/{channel.id}/messages/{message.id}} with the new content (and embeds). */
  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    ObjectNode body = body(replacement, cut(replacement.text()), true);
    body.remove("message_reference");
    if (!body.has("embeds")) {
      body.putArray("embeds");
    }
    if (!body.has("components")) {
      body.putArray("components"); // an answered question loses its buttons
    }
    request(posted.room(), "PATCH", "/channels/" + URLEncoder.encode(posted.room(), StandardCharsets.UTF_8)
        + "/messages/" + URLEncoder.encode(posted.id(), StandardCharsets.UTF_8), body, answer -> { });
  }

  /** What to do with a 2xx answer's body. */
  private interface Answer {
    void accept(String body) throws IOException;
  }

  /**
   * One REST call made on the caller's thread, through the channel's rate limit bucket and the
   * delivery loop's 429 handling; a failure is logged (these calls are best-effort, the session
   * stays up).
   */
  private void request(String channel, String method, String path, ObjectNode body, Answer answer) {
    HttpRequest request = authorised(HttpRequest.newBuilder(settings.api(path)))
        .header("Content-Type", "application/json").timeout(CONNECT_TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
    try {
      HttpDelivery.deliver("Discord adapter " + name(), "channel " + channel,
          why -> log.warn("Discord adapter {}: {} {} failed: {}", name(), method, path, why), this::waitOutRateLimit, () -> {
            waitForBucket(channel);
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Duration reset = RateLimit.untilReset(response.headers());
            if (!reset.isZero()) {
              bucketResets.put(channel, Instant.now().plus(reset));
            }
            if (response.statusCode() == 429) {
              return new Attempt.RateLimited(RateLimit.retryAfter(response.headers(), response.body()));
            }
            if (response.statusCode() >= 300) {
              log.warn("Discord adapter {}: {} {} refused: {} {}", name(), method, path, response.statusCode(),
                  errorText(response.body()));
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
    return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
  }

  /** Discord has buttons, selects and modals: see {@link DiscordQuestions}. */
  @Override
  public boolean asksWithControls() {
    return true;
  }

  /** A question's message body: the prompt and its components; remembered for its form. */
  ObjectNode questionBody(OutgoingMessage message) {
    questions.asked(message.question());
    ObjectNode body = JSON.createObjectNode()
        .put("content", QuestionControls.cut(message.question().prompt(), MAX_MESSAGE_LENGTH));
    body.putObject("allowed_mentions").putArray("parse");
    if (message.thread() != null && !message.thread().isBlank()) {
      body.putObject("message_reference").put("message_id", message.thread()).put("fail_if_not_exists", false);
    }
    body.set("components", DiscordQuestions.components(message.question()));
    return body;
  }

  @Override
  protected String connectingDetail() {
    return "connecting to " + settings.apiUrl();
  }

  @Override
  protected String serve() throws Exception {
    boolean resuming = sessionId != null && resumeUrl != null;
    URI gateway = URI.create((resuming ? resumeUrl : gatewayUrl()) + "/?v=10&encoding=json");
    GatewaySession session = new GatewaySession(this::onPayload, () -> sequence);
    opened(session);
    try {
      http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(gateway, session)
          .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      CompletableFuture.anyOf(session.ready, session.ended).get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      session.end("connecting failed");
      if (resuming) {
        resumeFailed();
      }
      throw e;
    }
    if (resuming && !session.ready.isDone()) {
      resumeFailed();
    }
    if (isClosed()) {
      return "closed";
    }
    String why = session.ended.get();
    int code = session.closeCode();
    if (SESSION_LOST.contains(code)) {
      forgetSession();
    }
    return switch (code) {
      case 4004 -> why + ": the bot token is wrong";
      case 4014 -> why + ": enable the Message Content intent for the bot in the Discord Developer Portal";
      default -> why;
    };
  }

  /** After a few resumes that got nowhere the resume host may be gone: start a fresh session. */
  private void resumeFailed() {
    if (++failedResumes >= MAX_FAILED_RESUMES) {
      log.info("Discord adapter {}: {} resumes failed, identifying afresh", name(), failedResumes);
      failedResumes = 0;
      forgetSession();
    }
  }

  /** {@code GET /gateway/bot}: where to open a fresh Gateway connection. */
  private String gatewayUrl() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(authorised(HttpRequest.newBuilder(settings.api("/gateway/bot")))
        .timeout(CONNECT_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /gateway/bot answered HTTP " + response.statusCode() + " ("
          + errorText(response.body()) + ")");
    }
    String url = JSON.readTree(response.body()).path("url").asText("");
    if (url.isEmpty()) {
      throw new IOException("GET /gateway/bot gave no Gateway url");
    }
    return trimSlash(url);
  }

  @Override
  protected String describeFailure(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return "cannot connect to Discord: " + cause;
  }

  @Override
  protected boolean deliver(GatewaySession session, Outgoing next) throws InterruptedException {
    HttpRequest request = authorised(HttpRequest.newBuilder(settings.api("/channels/"
        + URLEncoder.encode(next.channelId(), StandardCharsets.UTF_8) + "/messages")))
        .header("Content-Type", "application/json").timeout(CONNECT_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(next.body().toString())).build();
    return HttpDelivery.deliver("Discord adapter " + name(), "channel " + next.channelId(), session::end, this::waitOutRateLimit, () -> {
      waitForBucket(next.channelId());
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      Duration reset = RateLimit.untilReset(response.headers());
      if (!reset.isZero()) {
        bucketResets.put(next.channelId(), Instant.now().plus(reset));
      }
      if (response.statusCode() == 429) {
        return new Attempt.RateLimited(RateLimit.retryAfter(response.headers(), response.body()));
      }
      if (response.statusCode() >= 500) {
        return new Attempt.Broken("posting to channel " + next.channelId() + " answered " + response.statusCode());
      }
      if (response.statusCode() >= 300) {
        // Missing access, unknown channel, invalid form body: sending again cannot help.
        log.warn("Discord adapter {}: message to channel {} refused: {} {}", name(), next.channelId(),
            response.statusCode(), errorText(response.body()));
      }
      return new Attempt.Done();
    });
  }

  /** The channel's bucket said it was empty: wait for its reset before the next request. */
  private void waitForBucket(String channelId) throws InterruptedException {
    Instant until = bucketResets.remove(channelId);
    if (until != null) {
      long ms = Duration.between(Instant.now(), until).toMillis();
      if (ms > 0) {
        waitOutRateLimit(Duration.ofMillis(Math.min(ms, HttpDelivery.LONGEST_WAIT.toMillis())));
      }
    }
  }

  @Override
  protected void discard(GatewaySession session) {
    session.end("connection closed");
  }

  @Override
  protected void hangUp(GatewaySession session) {
    session.goodbye();
    forgetSession();
  }

  /** On the WebSocket's listener thread, one payload at a time. */
  private void onPayload(GatewaySession session, JsonNode payload) {
    switch (payload.path("op").asInt(-1)) {
      case 10 -> { // HELLO
        session.startHeartbeat(payload.path("d").path("heartbeat_interval").asLong(41_250));
        session.send(sessionId != null && resumeUrl != null ? resume() : identify());
      }
      case 0 -> { // DISPATCH
        if (payload.hasNonNull("s")) {
          sequence = payload.get("s").asLong();
        }
        onDispatch(session, payload.path("t").asText(), payload.path("d"));
      }
      case 7 -> session.end("Discord asked to reconnect"); // RECONNECT: the next connection resumes
      case 9 -> { // INVALID_SESSION; d says whether the session may still be resumed
        if (!payload.path("d").asBoolean(false)) {
          forgetSession();
        }
        session.end("Discord invalidated the session");
      }
      default -> { }
    }
  }

  private ObjectNode identify() {
    ObjectNode payload = JSON.createObjectNode().put("op", 2);
    ObjectNode d = payload.putObject("d").put("token", settings.token()).put("intents", INTENTS);
    d.putObject("properties").put("os", System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT))
        .put("browser", "squall").put("device", "squall");
    return payload;
  }

  private ObjectNode resume() {
    ObjectNode payload = JSON.createObjectNode().put("op", 6);
    payload.putObject("d").put("token", settings.token()).put("session_id", sessionId)
        .put("seq", Math.max(0, sequence));
    return payload;
  }

  private void forgetSession() {
    sessionId = null;
    resumeUrl = null;
    sequence = -1;
  }

  private void onDispatch(GatewaySession session, String type, JsonNode d) {
    switch (type) {
      case "READY" -> {
        botId = d.path("user").path("id").asText();
        botName = d.path("user").path("username").asText();
        sessionId = d.path("session_id").asText();
        resumeUrl = trimSlash(d.path("resume_gateway_url").asText(""));
        if (resumeUrl.isEmpty()) {
          resumeUrl = null;
        }
        connected(session, "connected to Discord as " + botName);
      }
      case "RESUMED" -> connected(session, "connected to Discord as " + botName + " (session resumed)");
      case "MESSAGE_CREATE" -> onMessage(d);
      case "INTERACTION_CREATE" -> {
        String customId = d.path("data").path("custom_id").asText("");
        int kind = d.path("type").asInt();
        // A resumed session replays dispatches: an interaction is answered once, by its id.
        if ((kind == 3 || kind == 5) && DiscordQuestions.control(customId).isPresent()
            && seen.firstTime("interaction/" + d.path("id").asText())) {
          Thread.ofVirtual().name("discord-" + name() + "-answer").start(() -> onInteraction(d));
        }
      }
      default -> { }
    }
  }

  private void connected(GatewaySession session, String detail) {
    failedResumes = 0;
    session.ready.complete(null);
    ready(session);
    setHealth(State.CONNECTED, detail);
  }

  private void onMessage(JsonNode m) {
    JsonNode author = m.path("author");
    String userId = author.path("id").asText();
    int type = m.path("type").asInt(0);
    // Only what people type (DEFAULT 0, REPLY 19): not joins, pins, our own or other bots' posts.
    if ((type != 0 && type != 19) || userId.isEmpty() || userId.equals(botId) || author.path("bot").asBoolean(false)
        || m.hasNonNull("webhook_id") || !seen.firstTime(m.path("id").asText())) {
      return;
    }
    boolean mentioned = false;
    for (JsonNode user : m.path("mentions")) {
      mentioned |= user.path("id").asText().equals(botId);
    }
    JsonNode reference = m.path("message_reference");
    // A forward (reference type 1) quotes another message; only a reply (type 0) is a thread.
    String thread = reference.hasNonNull("message_id") && reference.path("type").asInt(0) == 0
        ? reference.get("message_id").asText() : null;
    String userName = author.hasNonNull("global_name") ? author.get("global_name").asText()
        : author.path("username").asText();
    received(new IncomingMessage(name(), userId, userName, m.path("channel_id").asText(), thread,
        !m.hasNonNull("guild_id"), mentioned, DiscordText.withoutMention(m.path("content").asText(""), botId),
        Instant.now(), m.path("id").asText(null)));
  }

  /**
   * A click, a selection or a submitted form of a question. Discord wants a response within 3
   * seconds, so the interaction is acknowledged first — DEFERRED_UPDATE_MESSAGE (type 6), or the
   * form itself (MODAL, type 9) for the form button — and the listener decides after: an accepted
   * answer edits the original message through the interaction's webhook (components removed; kept
   * while the question stays open for the next answer, e.g. an N-of-M approval), a refusal is an ephemeral follow-up to the clicker.
   */
  private void onInteraction(JsonNode d) {
    DiscordQuestions.Control control = DiscordQuestions.control(d.path("data").path("custom_id").asText()).orElseThrow();
    var question = questions.question(control.questionId());
    String token = URLEncoder.encode(d.path("token").asText(), StandardCharsets.UTF_8);
    String callback = "/interactions/" + URLEncoder.encode(d.path("id").asText(), StandardCharsets.UTF_8) + "/" + token
        + "/callback";
    String webhook = "/webhooks/" + URLEncoder.encode(d.path("application_id").asText(), StandardCharsets.UTF_8) + "/" + token;
    boolean submitted = d.path("type").asInt() == 5;
    if (!submitted && control.what().equals("f") && question.isPresent()) {
      ObjectNode modal = JSON.createObjectNode().put("type", 9);
      modal.set("data", DiscordQuestions.modal(question.get()));
      interactionCall("POST", callback, modal);
      return;
    }
    Optional<Map<String, Object>> values = submitted
        ? question.map(q -> DiscordQuestions.submitted(q, d.path("data")))
        : DiscordQuestions.clicked(control, d.path("data"), question);
    if (values.isEmpty()) {
      ObjectNode gone = JSON.createObjectNode().put("type", 4);
      gone.putObject("data").put("flags", 64)
          .put("content", "This question is no longer open here; answer by typing instead, as the question says.");
      interactionCall("POST", callback, gone);
      return;
    }
    if (!interactionCall("POST", callback, JSON.createObjectNode().put("type", 6))) {
      return; // not acknowledged: Discord tells the user the interaction failed, nothing is recorded
    }
    String prompt = question.map(Question::prompt).orElse(d.path("message").path("content").asText(""));
    switch (answered(answer(d, control.questionId(), values.get()))) {
      case AnswerReceipt.Accepted accepted -> {
        ObjectNode edit = JSON.createObjectNode()
            .put("content", QuestionControls.cut(prompt + "\n" + accepted.text(), MAX_MESSAGE_LENGTH));
        edit.putArray("components");
        interactionCall("PATCH", webhook + "/messages/@original", edit);
      }
      case AnswerReceipt.Open open -> interactionCall("PATCH", webhook + "/messages/@original", JSON.createObjectNode()
          .put("content", QuestionControls.cut(prompt + "\n" + open.text(), MAX_MESSAGE_LENGTH))); // components kept
      case AnswerReceipt.Refused refused -> interactionCall("POST", webhook, JSON.createObjectNode()
          .put("content", QuestionControls.cut(refused.text(), MAX_MESSAGE_LENGTH)).put("flags", 64));
    }
  }

  /** An interaction's callback or webhook call (they need no bot token); whether Discord took it. */
  private boolean interactionCall(String method, String path, ObjectNode body) {
    try {
      HttpResponse<String> sent = http.send(HttpRequest.newBuilder(settings.api(path)).timeout(CONNECT_TIMEOUT)
          .header("Content-Type", "application/json").header("User-Agent", "DiscordBot (squall, 0.1.0)")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      if (sent.statusCode() >= 300) {
        log.warn("Discord adapter {}: {} of an interaction refused: {} {}", name(), method, sent.statusCode(),
            errorText(sent.body()));
        return false;
      }
      return true;
    } catch (IOException e) {
      log.warn("Discord adapter {}: cannot answer an interaction: {}", name(), e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private IncomingAnswer answer(JsonNode d, String questionId, Map<String, Object> values) {
    JsonNode user = d.has("member") ? d.path("member").path("user") : d.path("user");
    String userName = user.hasNonNull("global_name") ? user.get("global_name").asText() : user.path("username").asText();
    JsonNode message = d.path("message");
    JsonNode reference = message.path("message_reference");
    String thread = reference.hasNonNull("message_id") && reference.path("type").asInt(0) == 0
        ? reference.get("message_id").asText() : null;
    String channel = d.path("channel_id").asText(message.path("channel_id").asText());
    PostedMessage posted = message.hasNonNull("id") ? new PostedMessage(channel, thread, message.get("id").asText()) : null;
    return new IncomingAnswer(name(), user.path("id").asText(), userName, channel, thread, questionId, values, posted,
        Instant.now());
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
    return builder.header("Authorization", "Bot " + settings.token())
        .header("User-Agent", "DiscordBot (squall, 0.1.0)");
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String errorText(String body) {
    try {
      return JSON.readTree(body).path("message").asText(body);
    } catch (IOException e) {
      return body;
    }
  }
}
