package dev.squall.server.webchat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.chat.AdapterHealth;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.ChatListener;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.PostedMessage;
import dev.squall.core.error.UnavailableException;
import io.javalin.websocket.WsContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat in the browser: each WebSocket connection to {@code /chat/ws} is its own room, talking
 * directly to the bot as the Squall user who authenticated it. Messages are handed to the bot
 * one at a time, in arrival order, on the adapter's own virtual thread.
 */
public final class WebChatAdapter implements ChatAdapter {

  public static final String NAME = "web";
  private static final Logger LOG = LoggerFactory.getLogger(WebChatAdapter.class);

  private final ObjectMapper json;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Connection> rooms = new ConcurrentHashMap<>();
  private final ExecutorService inbox = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("squall-chat-web").factory());
  private final Instant created = Instant.now(clock);
  private final AtomicLong lineIds = new AtomicLong();
  private volatile ChatListener listener;
  private volatile boolean closed;

  /** One browser connection, with the Squall user who opened it. */
  record Connection(WsContext ws, String user) {}

  public WebChatAdapter(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits(NAME, 16_000, false);
  }

  @Override
  public void start(ChatListener l) {
    this.listener = l;
  }

  static String room(WsContext ws) {
    return "web-" + ws.sessionId();
  }

  void connected(WsContext ws, String user) {
    rooms.put(room(ws), new Connection(ws, user));
  }

  void disconnected(WsContext ws) {
    rooms.remove(room(ws));
  }

  /** A frame from a browser: {@code {"text": "..."}}. */
  void received(WsContext ws, String frame) {
    Connection c = rooms.get(room(ws));
    ChatListener l = listener;
    if (c == null || l == null || closed) {
      return;
    }
    String text;
    try {
      JsonNode node = json.readTree(frame);
      text = node == null ? null : node.path("text").textValue();
    } catch (JsonProcessingException e) {
      text = null;
    }
    if (text == null) {
      send(c, "Send JSON like {\"text\": \"!help\"}.", null, OutgoingMessage.Kind.PLAIN);
      return;
    }
    IncomingMessage m = new IncomingMessage(NAME, c.user(), c.user(), room(ws), null, true, false,
        text, clock.instant());
    inbox.execute(() -> {
      try {
        l.onMessage(m);
      } catch (RuntimeException e) {
        LOG.error("web chat message from {} failed", c.user(), e);
      }
    });
  }

  /** @throws UnavailableException when the browser connection has gone */
  @Override
  public void send(OutgoingMessage message) {
    Connection c = rooms.get(message.room());
    if (c == null) {
      throw new UnavailableException("The web chat connection " + message.room() + " is closed");
    }
    send(c, message.text(), message.thread(), message.kind());
  }

  @Override
  public boolean edits() {
    return true;
  }

  /** Sends the message with a line id, {@code {"id", "text", "thread", "kind"}}, that {@link #edit} names. */
  @Override
  public Optional<PostedMessage> post(OutgoingMessage message) {
    Connection c = rooms.get(message.room());
    if (c == null) {
      throw new UnavailableException("The web chat connection " + message.room() + " is closed");
    }
    String id = "line-" + lineIds.incrementAndGet();
    write(c, frame(Map.of("id", id), message.text(), message.thread(), message.kind()));
    return Optional.of(new PostedMessage(message.room(), message.thread(), id));
  }

  /**
   * An edit event, {@code {"edit": id, "text", "thread", "kind"}}, which the page applies to the
   * line with that id; a browser that has gone is only logged.
   */
  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    Connection c = rooms.get(posted.room());
    if (c == null) {
      LOG.debug("web chat connection {} closed before line {} was edited", posted.room(), posted.id());
      return;
    }
    write(c, frame(Map.of("edit", posted.id()), replacement.text(), posted.thread(), replacement.kind()));
  }

  /** A frame {@code {"text", "thread", "kind"}}; the kind (plain, result, failure) lets the page show results apart. */
  private void send(Connection c, String text, String thread, OutgoingMessage.Kind kind) {
    write(c, frame(Map.of(), text, thread, kind));
  }

  private static Map<String, Object> frame(Map<String, Object> first, String text, String thread,
      OutgoingMessage.Kind kind) {
    Map<String, Object> frame = new LinkedHashMap<>(first);
    frame.put("text", text);
    frame.put("thread", thread);
    frame.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    return frame;
  }

  private void write(Connection c, Map<String, Object> frame) {
    String body;
    try {
      body = json.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    synchronized (c) { // one writer at a time per WebSocket
      c.ws().send(body);
    }
  }

  @Override
  public AdapterHealth health() {
    if (closed) {
      return new AdapterHealth(NAME, NAME, AdapterHealth.State.STOPPED, "stopped", created);
    }
    return new AdapterHealth(NAME, NAME, AdapterHealth.State.CONNECTED,
        rooms.size() + " browser connection(s) on /chat/ws", created);
  }

  @Override
  public void close() {
    closed = true;
    inbox.shutdown();
    rooms.values().forEach(c -> {
      try {
        c.ws().closeSession();
      } catch (RuntimeException ignored) {
        // already gone
      }
    });
    rooms.clear();
  }
}
