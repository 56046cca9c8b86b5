package dev.squall.chat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * HTTP's {@code Retry-After} header (RFC 9110): seconds, or an HTTP date. A platform's own hints
 * (a JSON body's {@code retry_after}, Mattermost's {@code X-Ratelimit-Reset}) are read by its
 * adapter, which falls back to this.
 */
public final class RetryAfter {

  private RetryAfter() {}

  /** The wait the header asks for, or empty when it is absent or unreadable. */
  public static Optional<Duration> of(HttpHeaders headers, Instant now) {
    String value = headers.firstValue("Retry-After").map(String::strip).orElse("");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      // Whole seconds by the RFC; a fraction is read rather than refused.
      return Optional.of(Duration.ofMillis((long) Math.ceil(Math.max(0, Double.parseDouble(value)) * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
