package dev.squall.engine.notify;

import java.time.Duration;

/**
 * How the notifier retries.
 *
 * @param scanInterval how often the store is scanned even without a wake-up event (the safety
 *     net for dropped events and other nodes' executions)
 * @param initialBackoff the wait after the first failed attempt; doubled after each further one
 * @param maxBackoff the longest wait between attempts
 * @param maxAttempts attempts before a delivery is marked {@code failed}
 * @param lease how long a claimed delivery is reserved for the node delivering it, renewed every
 *     third of it while the delivery is in flight; a node that dies mid-delivery leaves it to the
 *     others as soon as they see it gone, or after this if it is alive but stopped renewing
 */
public record NotifierSettings(
    Duration scanInterval, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
    Duration lease) {

  public NotifierSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (scanInterval.isNegative() || scanInterval.isZero()) {
      throw new IllegalArgumentException("scanInterval must be positive, not " + scanInterval);
    }
  }

  /** Every second; retries after 1 s, 2 s, 4 s … up to 5 min, 10 attempts; 30 s leases. */
  public static NotifierSettings defaults() {
    return new NotifierSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofMinutes(5), 10, Duration.ofSeconds(30));
  }

  /** The wait after {@code attempts} failed attempts. */
  Duration backoff(int attempts) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
