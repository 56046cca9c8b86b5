package dev.squall.bench;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.ChatListener;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PlatformLimits;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A chat platform inside the benchmark's JVM: users "type" by calling {@link #say}, and every
 * message the bot sends is time-stamped into its room's queue — a platform connection with no
 * network in between, so the figures are Squall's own.
 */
final class LoopbackAdapter implements ChatAdapter {

  /** A message the bot sent, with when. */
  record Sent(long nanos, String text) {}

  private final Map<String, BlockingQueue<Sent>> rooms = new ConcurrentHashMap<>();
  private volatile ChatListener listener;

  @Override
  public String name() {
    return "loopback";
  }

  @Override
  public PlatformLimits limits() {
    return new PlatformLimits("loopback", 40_000, false);
  }

  @Override
  public void start(ChatListener listener) {
    this.listener = listener;
  }

  void say(String user, String room, String text) {
    listener.onMessage(new IncomingMessage(name(), user, user, room, null, false, false, text, Instant.now()));
  }

  BlockingQueue<Sent> room(String room) {
    return rooms.computeIfAbsent(room, r -> new LinkedBlockingQueue<>());
  }

  boolean ready() {
    return listener != null;
  }

  @Override
  public void send(OutgoingMessage message) {
    room(message.room()).add(new Sent(System.nanoTime(), message.text()));
  }

  @Override
  public AdapterHealth health() {
    return new AdapterHealth(name(), "loopback", listener == null ? AdapterHealth.State.CONNECTING
        : AdapterHealth.State.CONNECTED, "in-process", Instant.now());
  }

  @Override
  public void close() {
    listener = null;
  }
}
