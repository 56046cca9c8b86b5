package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.AnswerReceipt;
import dev.squall.chat.IncomingAnswer;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.QuestionControls;
import dev.squall.chat.Chunks;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.OutgoingMessage.Kind;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.ReconnectingAdapter;
import dev.squall.chat.SeenIds;
import dev.squall.chat.RetryAfter;
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Slack adapter: Socket Mode for events, the Web API ({@code chat.postMessage}) for replies.
 *
 * <p>Each connection learns the bot's user id with {@code auth.test}, opens a Socket Mode URL with
 * {@code apps.connections.open} and acks every {@code events_api} envelope at once. Messages are
 * remembered by channel and {@code ts}, so an envelope Slack re-sends after a reconnect, or the
 * {@code app_mention} that doubles a channel {@code message}, is answered only once.
 */
public final class SlackAdapter extends ReconnectingAdapter<SlackSession, ObjectNode> {

  private static final Logger log = LoggerFactory.getLogger(SlackAdapter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED = 1000;
  /** Slack accepts 40,000 characters but recommends at most 4,000 per message. */
  public static final int MAX_MESSAGE_LENGTH = 3_900;
  /** {@code extra.slack} keys that steer the bot or lay out a whole message, not an attachment. */
  private static final Set<String> LAYOUT_KEYS = Set.of("attachments", "blocks", "thread_response");

  private final SlackSettings settings;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final SlackUsers users;
  private final SeenIds seen = new SeenIds(REMEMBERED);
  private final QuestionControls questions = new QuestionControls();

  public SlackAdapter(String name, SlackSettings settings) {
    super("slack", name, "messages", log, settings.queueCapacity(), settings.reconnectMin(), settings.reconnectMax());
    this.settings = settings;
    this.users = new SlackUsers(http, settings.apiUrl(), settings.botToken(), java.time.Clock.systemUTC());
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("slack", MAX_MESSAGE_LENGTH, true);
  }

  /**
   * Queues one {@code chat.postMessage} per piece of text. A result is posted as StackStorm's bot
   * posts it: each piece an attachment coloured by success or failure ({@code extra.color} wins),
   * carrying {@code extra.slack}'s other attributes; when the alias gives its own
   * {@code attachments} or {@code blocks}, those go with the first piece instead, as does any
   * plain message's.
   */
  @Override
  public void send(OutgoingMessage message) {
    requireChannel(message);
    if (message.kind() == Kind.QUESTION) {
      enqueue(List.of(questionBody(message)), message.room());
      return;
    }
    List<ObjectNode> pieces = new ArrayList<>();
    for (String text : Chunks.split(message.text(), MAX_MESSAGE_LENGTH)) {
      pieces.add(body(message, text, pieces.isEmpty()));
    }
    enqueue(pieces, message.room());
  }

  private void requireChannel(OutgoingMessage message) {
    if (message.room() == null || message.room().isBlank()) {
      throw new BadRequestException("Slack adapter " + name() + " needs a channel id to send to");
    }
  }

  /** One {@code chat.postMessage} body for a piece of the message's text (a question: its controls). */
  private ObjectNode body(OutgoingMessage message, String text, boolean first) {
    if (message.kind() == Kind.QUESTION) {
      return questionBody(message);
    }
    Map<?, ?> slack = message.extra().get("slack") instanceof Map<?, ?> m ? m : Map.of();
    boolean ownLayout = slack.get("attachments") != null || slack.get("blocks") != null;
    boolean attachment = (message.kind() == Kind.RESULT || message.kind() == Kind.FAILURE) && !ownLayout;
    ObjectNode body = JSON.createObjectNode().put("channel", message.room());
    if (message.thread() != null) {
      body.put("thread_ts", message.thread());
    }
    if (attachment) {
      ObjectNode a = body.putArray("attachments").addObject().put("color", color(message));
      a.putArray("mrkdwn_in").add("text").add("pretext");
      slack.forEach((k, v) -> {
        if (!LAYOUT_KEYS.contains(String.valueOf(k))) {
          a.set(String.valueOf(k), JSON.valueToTree(v));
        }
      });
      a.put("text", text).put("fallback", text);
    } else {
      body.put("text", text);
      if (first && ownLayout) {
        for (String key : List.of("attachments", "blocks")) {
          if (slack.get(key) != null) {
            body.set(key, JSON.valueToTree(slack.get(key)));
          }
        }
      }
    }
    return body;
  }

  @Override
  public boolean edits() {
    return true;
  }

  /**
   * {@code chat.postMessage} at once (not queued), its text cut to one message; Slack's answer
   * gives the {@code ts} that {@link #edit} addresses. A 429 is waited out as Slack asks.
   */
  @Override
  public java.util.Optional<PostedMessage> post(OutgoingMessage message) {
    requireChannel(message);
    try {
      JsonNode reply = call("chat.postMessage", settings.botToken(), body(message, cut(message.text()), true));
      return java.util.Optional.of(new PostedMessage(reply.path("channel").asText(message.room()),
          message.thread(), reply.path("ts").asText()));
    } catch (IOException e) {
      log.warn("Slack adapter {}: cannot post to {}: {}", name(), message.room(), e.getMessage());
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /** {@code chat.update} of the message's channel and {@code ts}; a 429 is waited out, a refusal logged. */
  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    ObjectNode body = body(replacement, cut(replacement.text()), true);
    body.remove("thread_ts");
    body.put("channel", posted.room()).put("ts", posted.id());
    if (!body.has("attachments")) {
      body.putArray("attachments"); // an edit to plain text drops the attachment it had
    }
    if (!body.has("blocks")) {
      body.putArray("blocks"); // and an answered question its buttons
    }
    try {
      call("chat.update", settings.botToken(), body);
    } catch (IOException e) {
      log.warn("Slack adapter {}: cannot update message {} in {}: {}", name(), posted.id(), posted.room(),
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String cut(String text) {
    return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
  }

  /** Slack has buttons, selects and modals: see {@link SlackQuestions}. */
  @Override
  public boolean asksWithControls() {
    return true;
  }

  /**
   * A question's {@code chat.postMessage} body: the prompt as the notification text and the
   * blocks with its controls (see {@link SlackQuestions}); remembered for its form.
   */
  ObjectNode questionBody(OutgoingMessage message) {
    questions.asked(message.question());
    ObjectNode body = JSON.createObjectNode().put("channel", message.room())
        .put("text", Chunks.split(message.question().prompt(), MAX_MESSAGE_LENGTH).getFirst());
    if (message.thread() != null) {
      body.put("thread_ts", message.thread());
    }
    body.set("blocks", SlackQuestions.blocks(message.question()));
    return body;
  }

  /** A mention, as StackStorm's bot writes one ({@code <@U0ALICE>: …}): Slack shows the name. */
  @Override
  public String addressee(String userId, String userName) {
    return "<@" + userId + ">";
  }

  /** StackStorm's colour rule: the alias's {@code extra.color}, else success or failure. */
  private String color(OutgoingMessage message) {
    if (message.extra().get("color") instanceof String c && !c.isBlank()) {
      return c;
    }
    return message.kind() == Kind.FAILURE ? settings.failColor() : settings.successColor();
  }

  @Override
  protected String connectingDetail() {
    return "connecting to " + settings.apiUrl();
  }

  @Override
  protected String serve() throws Exception {
    String botUserId = call("auth.test", settings.botToken(), null).path("user_id").asText();
    String url = call("apps.connections.open", settings.appToken(), null).path("url").asText();
    SlackSession session = new SlackSession(botUserId, this::onEvent, this::onInteractive);
    opened(session);
    try {
      http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(URI.create(url), session)
          .get(CONNECT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      session.hello.get(CONNECT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      session.close();
      throw e;
    }
    if (isClosed()) {
      return "closed";
    }
    ready(session);
    setHealth(State.CONNECTED, "connected to Slack as " + botUserId);
    return session.ended.get();
  }

  @Override
  protected String describeFailure(Exception e) {
    return "cannot connect to Slack: " + e;
  }

  @Override
  protected boolean deliver(SlackSession session, ObjectNode body) throws InterruptedException {
    try {
      JsonNode reply = call("chat.postMessage", settings.botToken(), body);
      return reply != null;
    } catch (SlackApiException e) {
      log.warn("Slack adapter {}: message to {} refused: {}", name(), body.path("channel").asText(), e.getMessage());
      return true; // Slack said no (channel_not_found…): resending would not help
    } catch (IOException e) {
      // Slack's Web API is unreachable: start over with a fresh connection (auth.test first)
      // instead of leaving the sender waiting on a WebSocket that may well stay up.
      log.warn("Slack adapter {}: chat.postMessage failed: {}", name(), e.toString());
      session.close();
      return false;
    }
  }

  @Override
  protected void discard(SlackSession session) {
    session.close();
  }

  /** Calls a Web API method, waiting out HTTP 429s as long as Slack's Retry-After says. */
  private JsonNode call(String method, String token, ObjectNode body) throws IOException, InterruptedException {
    while (true) {
      HttpRequest request = HttpRequest.newBuilder(settings.apiUrl().resolve(method))
          .timeout(CONNECT_TIMEOUT)
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.toString()))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 429) {
        Duration wait = RetryAfter.of(response.headers(), Instant.now()).orElse(Duration.ofSeconds(1));
        log.info("Slack adapter {}: {} rate limited, retrying in {}", name(), method, wait);
        waitOutRateLimit(wait);
        continue;
      }
      if (response.statusCode() / 100 != 2) {
        throw new IOException(method + ": HTTP " + response.statusCode());
      }
      JsonNode reply = JSON.readTree(response.body());
      if (!reply.path("ok").asBoolean()) {
        throw new SlackApiException(method + ": " + reply.path("error").asText("not ok"));
      }
      return reply;
    }
  }

  /** Slack answered {@code ok: false}. */
  static final class SlackApiException extends IOException {
    SlackApiException(String message) {
      super(message);
    }
  }

  /**
   * An {@code interactive} envelope, on the WebSocket's listener thread: a click is acked at once
   * and answered on a thread of its own; a modal's submission is acked once the listener has
   * decided, since a refusal goes back in the ack (as the form's error).
   */
  private void onInteractive(SlackSession session, JsonNode envelope) {
    String envelopeId = envelope.path("envelope_id").asText();
    JsonNode payload = envelope.path("payload");
    switch (payload.path("type").asText()) {
      case "block_actions" -> {
        session.ack(envelopeId, null);
        JsonNode action = payload.path("actions").path(0);
        // An envelope Slack sends again (its ack lost in a reconnect) is the same click: answer it once.
        if (!seen.firstTime("click/" + payload.path("trigger_id").asText() + "/" + action.path("action_ts").asText())) {
          return;
        }
        SlackQuestions.questionId(action).ifPresent(id ->
            Thread.ofVirtual().name("slack-" + name() + "-answer").start(() -> onClick(payload, action, id)));
      }
      case "view_submission" -> {
        if (!SlackQuestions.MODAL_CALLBACK.equals(payload.path("view").path("callback_id").asText())) {
          session.ack(envelopeId, null);
          return;
        }
        Thread.ofVirtual().name("slack-" + name() + "-answer").start(() -> onSubmit(session, envelopeId, payload));
      }
      default -> session.ack(envelopeId, null);
    }
  }

  /** A button or select of a question's message: answers it, or opens its form. */
  private void onClick(JsonNode payload, JsonNode action, String questionId) {
    String responseUrl = payload.path("response_url").asText("");
    JsonNode container = payload.path("container");
    String channel = container.path("channel_id").asText(payload.path("channel").path("id").asText());
    String ts = container.path("message_ts").asText(payload.path("message").path("ts").asText());
    String thread = container.hasNonNull("thread_ts") ? container.get("thread_ts").asText()
        : payload.path("message").hasNonNull("thread_ts") ? payload.path("message").get("thread_ts").asText() : null;
    try {
      var values = SlackQuestions.clicked(action);
      if (values.isPresent()) {
        AnswerReceipt receipt = answered(answer(payload, channel, thread, ts, questionId, values.get()));
        respond(responseUrl, receipt, SlackQuestions.prompt(payload.path("message")),
            SlackQuestions.controls(payload.path("message")));
        return;
      }
      var question = questions.question(questionId);
      if (question.isEmpty()) {
        respond(responseUrl, new AnswerReceipt.Refused("This form is no longer open here; answer by typing instead."
            + " The question says how."), "", null);
        return;
      }
      ObjectNode metadata = JSON.createObjectNode().put("q", questionId).put("c", channel).put("ts", ts)
          .put("r", responseUrl);
      if (thread != null) {
        metadata.put("t", thread);
      }
      ObjectNode open = JSON.createObjectNode().put("trigger_id", payload.path("trigger_id").asText());
      open.set("view", SlackQuestions.modal(question.get(), metadata));
      call("views.open", settings.botToken(), open);
    } catch (IOException | RuntimeException e) {
      log.warn("Slack adapter {}: answering a click on question {} failed: {}", name(), questionId, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long a form's ack may wait for the listener: Slack wants it within 3 seconds. */
  static final Duration SUBMIT_DECISION = Duration.ofSeconds(2);

  /**
   * A question's form submitted. The listener gets {@link #SUBMIT_DECISION} to decide, so that the
   * ack can carry the outcome: an accepted answer closes the modal (and replaces the message), a
   * refusal stays in the modal as its error. A slower decision closes the modal at once and
   * shows the outcome like a click's, through the {@code response_url}.
   */
  private void onSubmit(SlackSession session, String envelopeId, JsonNode payload) {
    JsonNode view = payload.path("view");
    try {
      JsonNode metadata = JSON.readTree(view.path("private_metadata").asText("{}"));
      String questionId = metadata.path("q").asText();
      var question = questions.question(questionId);
      if (question.isEmpty() || question.get().fields().isEmpty()) {
        session.ack(envelopeId, null);
        return;
      }
      IncomingAnswer answer = answer(payload, metadata.path("c").asText(), metadata.path("t").asText(null),
          metadata.path("ts").asText(), questionId, SlackQuestions.submitted(question.get(), view));
      var decision = new java.util.concurrent.CompletableFuture<AnswerReceipt>();
      Thread.ofVirtual().name("slack-" + name() + "-decide").start(() -> decision.complete(answered(answer)));
      AnswerReceipt receipt;
      try {
        receipt = decision.get(SUBMIT_DECISION.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException slow) {
        session.ack(envelopeId, null);
        respond(metadata.path("r").asText(""), decision.join(), question.get().prompt(),
            SlackQuestions.controls(question.get()));
        return;
      }
      switch (receipt) {
        case AnswerReceipt.Accepted accepted -> {
          session.ack(envelopeId, null);
          respond(metadata.path("r").asText(""), accepted, question.get().prompt(), null);
        }
        case AnswerReceipt.Open open -> {
          session.ack(envelopeId, null);
          respond(metadata.path("r").asText(""), open, question.get().prompt(),
              SlackQuestions.controls(question.get()));
        }
        case AnswerReceipt.Refused refused -> {
          ObjectNode errors = JSON.createObjectNode().put("response_action", "errors");
          errors.putObject("errors").put(SlackQuestions.firstFieldBlock(question.get()), refused.text());
          session.ack(envelopeId, errors);
        }
      }
    } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException e) {
      log.warn("Slack adapter {}: answering a form failed: {}", name(), e.toString());
      session.ack(envelopeId, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IncomingAnswer answer(JsonNode payload, String channel, String thread, String ts, String questionId,
      Map<String, Object> values) {
    String user = payload.path("user").path("id").asText();
    return new IncomingAnswer(name(), user, users.name(user), channel, thread, questionId, values,
        new PostedMessage(channel, thread, ts), Instant.now());
  }

  /**
   * Shows a receipt through the interaction's {@code response_url}: an accepted answer replaces
   * the question's message (its controls gone, the receipt in their place); one that leaves the
   * question open replaces it with the receipt and {@code controls} (the question's actions
   * blocks) kept; a refusal is an ephemeral message to whoever clicked.
   */
  private void respond(String responseUrl, AnswerReceipt receipt, String prompt, JsonNode controls)
      throws IOException, InterruptedException {
    if (responseUrl.isEmpty()) {
      log.warn("Slack adapter {}: an interaction without response_url; receipt not shown: {}", name(), receipt.text());
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    switch (receipt) {
      case AnswerReceipt.Accepted accepted -> {
        body.put("replace_original", true).put("text", accepted.text());
        body.set("blocks", SlackQuestions.answered(prompt, accepted.text()));
      }
      case AnswerReceipt.Open open -> {
        body.put("replace_original", true).put("text", prompt.isEmpty() ? open.text() : prompt);
        ArrayNode blocks = SlackQuestions.answered(prompt, open.text());
        if (controls != null) {
          controls.forEach(blocks::add);
        }
        body.set("blocks", blocks);
      }
      case AnswerReceipt.Refused refused ->
          body.put("response_type", "ephemeral").put("replace_original", false).put("text", refused.text());
    }
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(responseUrl)).timeout(CONNECT_TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      log.warn("Slack adapter {}: response_url answered {} {}", name(), response.statusCode(), response.body());
    }
  }

  /** On the WebSocket's listener thread, one envelope at a time. */
  private void onEvent(SlackSession session, JsonNode payload) {
    JsonNode event = payload.path("event");
    String type = event.path("type").asText();
    if (!type.equals("message") && !type.equals("app_mention")) {
      return;
    }
    // Edits, deletions, joins and bot posts carry a subtype; none of them is a command.
    if (event.hasNonNull("subtype") || event.hasNonNull("bot_id")) {
      return;
    }
    String user = event.path("user").asText();
    String channel = event.path("channel").asText();
    if (user.isEmpty() || user.equals(session.botUserId) || !seen.firstTime(channel + "/" + event.path("ts").asText())) {
      return;
    }
    String text = event.path("text").asText();
    Pattern mention = Pattern.compile("<@" + Pattern.quote(session.botUserId) + "(\\|[^>]*)?>");
    boolean mentioned = type.equals("app_mention") || mention.matcher(text).find();
    String stripped = mention.matcher(text).replaceAll("").replaceAll("\\s{2,}", " ").trim();
    boolean direct = event.path("channel_type").asText().equals("im");
    String thread = event.hasNonNull("thread_ts") ? event.get("thread_ts").asText() : null;
    received(new IncomingMessage(name(), user, users.name(user), channel, thread, direct, mentioned, stripped, Instant.now(),
        event.path("ts").asText(null)));
  }
}
