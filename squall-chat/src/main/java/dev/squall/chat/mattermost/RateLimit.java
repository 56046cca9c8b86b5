package dev.squall.chat.mattermost;

import dev.squall.chat.RetryAfter;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How long a 429 from Mattermost asks the client to wait. */
final class RateLimit {

  private static final Duration DEFAULT = Duration.ofSeconds(1);

  private RateLimit() {}

  /**
   * {@code Retry-After} when present, else {@code X-Ratelimit-Reset}, which Mattermost
   * sends as the seconds until the window resets (a Unix timestamp is also understood), else 1 s.
   */
  static Duration waitFor(HttpHeaders headers, Instant now) {
    Optional<Duration> retry = RetryAfter.of(headers, now);
    if (retry.isPresent()) {
      return retry.get();
    }
    Long reset = seconds(headers, "X-Ratelimit-Reset");
    if (reset != null) {
      long delta = reset > 1_000_000_000L ? reset - now.getEpochSecond() : reset;
      return Duration.ofSeconds(Math.max(0, delta));
    }
    return DEFAULT;
  }

  private static Long seconds(HttpHeaders headers, String name) {
    return headers.firstValue(name).map(String::strip).map(v -> {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        return null;
      }
    }).orElse(null);
  }
}
