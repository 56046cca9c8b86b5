package dev.squall.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import dev.squall.chat.RetryAfter;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How long Discord's rate limit headers and 429 bodies ask the client to wait. */
final class RateLimit {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT = Duration.ofSeconds(1);

  private RateLimit() {}

  /**
   * For a 429: the body's {@code retry_after} (seconds, with a fraction), else the
   * {@code Retry-After} header (whole seconds), else 1 s.
   */
  static Duration retryAfter(HttpHeaders headers, String body) {
    try {
      JsonNode retry = JSON.readTree(body == null || body.isBlank() ? "{}" : body).path("retry_after");
      if (retry.isNumber()) {
        return seconds(retry.asDouble());
      }
    } catch (IOException e) {
      // Cloudflare's own 429 page is HTML: fall back to the header.
    }
    return RetryAfter.of(headers, Instant.now()).orElse(DEFAULT);
  }

  /**
   * After any answer: when {@code X-RateLimit-Remaining} is 0 the bucket is empty, and the next
   * request must wait {@code X-RateLimit-Reset-After} seconds; otherwise zero.
   */
  static Duration untilReset(HttpHeaders headers) {
    boolean exhausted = number(headers, "X-RateLimit-Remaining").map(n -> n <= 0).orElse(false);
    return exhausted ? number(headers, "X-RateLimit-Reset-After").map(RateLimit::seconds).orElse(DEFAULT)
        : Duration.ZERO;
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis((long) Math.ceil(Math.max(0, s) * 1000));
  }

  private static Optional<Double> number(HttpHeaders headers, String name) {
    return headers.firstValue(name).map(String::strip).flatMap(v -> {
      try {
        return Optional.of(Double.parseDouble(v));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
