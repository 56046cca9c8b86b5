package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");

  private static HttpHeaders retryAfter(String value) {
    return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (k, v) -> true);
  }

  @Test
  void secondsOrAnHttpDateGiveTheWait() {
    assertThat(RetryAfter.of(retryAfter("3"), NOW)).contains(Duration.ofSeconds(3));
    assertThat(RetryAfter.of(retryAfter("0.25"), NOW)).contains(Duration.ofMillis(250));
    assertThat(RetryAfter.of(retryAfter("Wed, 25 Nov 2026 14:00:07 GMT"), NOW)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.of(retryAfter("Wed, 25 Nov 2026 13:59:00 GMT"), NOW)).contains(Duration.ZERO);
  }

  @Test
  void anAbsentOrUnreadableHeaderAsksForNothing() {
    assertThat(RetryAfter.of(HttpHeaders.of(Map.of(), (k, v) -> true), NOW)).isEmpty();
    assertThat(RetryAfter.of(retryAfter("soon"), NOW)).isEmpty();
  }
}
