package dev.squall.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Messages the bot received and sent, per adapter, for the server's metrics. */
public final class ChatTraffic {

  private final Map<String, LongAdder> in = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> out = new ConcurrentHashMap<>();

  void countIn(String adapter) {
    in.computeIfAbsent(adapter, a -> new LongAdder()).increment();
  }

  void countOut(String adapter) {
    out.computeIfAbsent(adapter, a -> new LongAdder()).increment();
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
