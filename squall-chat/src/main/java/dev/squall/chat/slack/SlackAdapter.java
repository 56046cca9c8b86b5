package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.Chunks;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.OutgoingMessage.Kind;
import dev.squall.chat.PlatformLimits;
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
    if (message.room() == null || message.room().isBlank()) {
      throw new BadRequestException("Slack adapter " + name() + " needs a channel id to send to");
    }
    Map<?, ?> slack = message.extra().get("slack") instanceof Map<?, ?> m ? m : Map.of();
    boolean ownLayout = slack.get("attachments") != null || slack.get("blocks") != null;
    boolean attachment = message.kind() != Kind.PLAIN && !ownLayout;
    List<ObjectNode> pieces = new ArrayList<>();
    for (String text : Chunks.split(message.text(), MAX_MESSAGE_LENGTH)) {
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
        if (pieces.isEmpty() && ownLayout) {
          for (String key : List.of("attachments", "blocks")) {
            if (slack.get(key) != null) {
              body.set(key, JSON.valueToTree(slack.get(key)));
            }
          }
        }
      }
      pieces.add(body);
    }
    enqueue(pieces, message.room());
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
    SlackSession session = new SlackSession(botUserId, this::onEvent);
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
