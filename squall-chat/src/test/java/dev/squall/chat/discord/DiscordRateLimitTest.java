package dev.squall.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscordRateLimitTest {

  private static HttpHeaders headers(Map<String, String> values) {
    return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
        Map.Entry::getKey, e -> List.of(e.getValue()))), (k, v) -> true);
  }

  @Test
  void bodyRetryAfterIsPreciserThanTheHeader() {
    assertThat(RateLimit.retryAfter(headers(Map.of("Retry-After", "1")),
        "{\"message\":\"You are being rate limited.\",\"retry_after\":0.25,\"global\":false}"))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void retryAfterHeaderServesWhenTheBodyIsNotDiscords() {
    assertThat(RateLimit.retryAfter(headers(Map.of("Retry-After", "3")), "<html>cloudflare</html>"))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(RateLimit.retryAfter(headers(Map.of()), "")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anEmptyBucketWaitsForItsReset() {
    assertThat(RateLimit.untilReset(headers(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "1.5"))))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(RateLimit.untilReset(headers(Map.of("X-RateLimit-Remaining", "3", "X-RateLimit-Reset-After", "1.5"))))
        .isEqualTo(Duration.ZERO);
    assertThat(RateLimit.untilReset(headers(Map.of()))).isEqualTo(Duration.ZERO);
  }
}
