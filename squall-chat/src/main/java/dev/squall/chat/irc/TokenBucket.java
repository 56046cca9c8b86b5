package dev.squall.chat.irc;

/**
 * Flood control: up to {@code burst} lines at once, then one line per {@code intervalNanos}, which
 * is what IRC servers tolerate before they disconnect a client for "Excess Flood".
 * Not thread-safe: only the adapter's sender thread uses it.
 */
final class TokenBucket {

  private final int burst;
  private final long intervalNanos;
  private double tokens;
  private long lastRefill;

  TokenBucket(int burst, long intervalNanos, long nowNanos) {
    this.burst = burst;
    this.intervalNanos = intervalNanos;
    this.tokens = burst;
    this.lastRefill = nowNanos;
  }

  /** Takes a token and returns 0, or returns how many nanoseconds to wait before trying again. */
  long tryTake(long nowNanos) {
    if (intervalNanos > 0) {
      tokens = Math.min(burst, tokens + (double) (nowNanos - lastRefill) / intervalNanos);
    } else {
      tokens = burst;
    }
    lastRefill = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) * intervalNanos);
  }
}
