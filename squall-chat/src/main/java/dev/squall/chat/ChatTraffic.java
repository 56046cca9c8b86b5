package dev.squall.chat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages the bot received and sent, and the waits for platforms' rate limits, per adapter, for
 * the server's metrics.
 */
public final class ChatTraffic {

  private final Map<String, LongAdder> in = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> out = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> waits = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> waitedNanos = new ConcurrentHashMap<>();

  void countIn(String adapter) {
    in.computeIfAbsent(adapter, a -> new LongAdder()).increment();
  }

  void countOut(String adapter) {
    out.computeIfAbsent(adapter, a -> new LongAdder()).increment();
  }

  void countWait(String adapter, Duration waited) {
    waits.computeIfAbsent(adapter, a -> new LongAdder()).increment();
    waitedNanos.computeIfAbsent(adapter, a -> new LongAdder()).add(waited.toNanos());
  }

  /** How often the adapter waited for its platform's rate limit before sending. */
  public long rateLimitWaits(String adapter) {
    LongAdder n = waits.get(adapter);
    return n == null ? 0 : n.sum();
  }

  /** How long the adapter waited for its platform's rate limit in all, in seconds. */
  public double rateLimitWaitedSeconds(String adapter) {
    LongAdder n = waitedNanos.get(adapter);
    return n == null ? 0 : n.sum() / 1e9;
  }

  /** Messages received from the adapter's platform so far (addressed to the bot or not). */
  public long in(String adapter) {
    LongAdder n = in.get(adapter);
    return n == null ? 0 : n.sum();
  }

  /** Messages the bot handed to the adapter to send so far. */
  public long out(String adapter) {
    LongAdder n = out.get(adapter);
    return n == null ? 0 : n.sum();
  }
}
