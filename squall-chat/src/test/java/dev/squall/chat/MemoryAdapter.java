package dev.squall.chat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A chat platform in memory, with threads: tests say things and read what the bot sent (also the server's tests). */
public final class MemoryAdapter implements ChatAdapter {

  public static final String NAME = "memory";

  private final int maxMessageLength;
  private final List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();
  private volatile ChatListener listener;

  public MemoryAdapter(int maxMessageLength) {
    this.maxMessageLength = maxMessageLength;
  }

  /** A user says something in a room (and thread, or null). */
  public void say(String userId, String room, String thread, String text) {
    say(userId, room, thread, false, text);
  }

  /** A user says something, {@code direct} when in a private conversation with the bot. */
  public void say(String userId, String room, String thread, boolean direct, String text) {
    listener.onMessage(new IncomingMessage(NAME, userId, userId + "-name", room, thread, direct, false,
        text, Instant.now()));
  }

  /** The platform made the adapter wait {@code waited} before it could send (a rate limit). */
  public void waitedForRateLimit(java.time.Duration waited) {
    listener.rateLimited(waited);
  }

  /** What the bot sent to a room, in order. */
  public List<OutgoingMessage> in(String room) {
    return sent.stream().filter(m -> m.room().equals(room)).toList();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits(NAME, maxMessageLength, true);
  }

  @Override
  public void start(ChatListener l) {
    this.listener = l;
  }

  @Override
  public void send(OutgoingMessage message) {
    if (message.text().length() > maxMessageLength) {
      throw new AssertionError("longer than the platform allows: " + message.text().length());
    }
    sent.add(message);
  }

  /** A direct message to a user goes to the room {@code dm:<user id>}. */
  @Override
  public java.util.Optional<String> directRoom(String userId, String userName) {
    return java.util.Optional.of("dm:" + userId);
  }

  @Override
  public AdapterHealth health() {
    return new AdapterHealth(NAME, NAME, AdapterHealth.State.CONNECTED, "in memory", Instant.EPOCH);
  }

  @Override
  public void close() {
    listener = null;
  }
}
