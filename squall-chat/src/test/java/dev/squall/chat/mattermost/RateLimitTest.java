package dev.squall.chat.mattermost;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private static HttpHeaders headers(Map<String, String> values) {
    return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
        Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
  }

  @Test
  void retryAfterWins() {
    assertThat(RateLimit.waitFor(headers(Map.of("Retry-After", "3", "X-Ratelimit-Reset", "9")), Instant.now()))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void resetIsSecondsUntilTheWindowEnds() {
    assertThat(RateLimit.waitFor(headers(Map.of("X-Ratelimit-Reset", "2")), Instant.now())).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void resetAsUnixTimeIsMadeRelative() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    assertThat(RateLimit.waitFor(headers(Map.of("X-Ratelimit-Reset", "1700000005")), now)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withoutHeadersWaitsOneSecond() {
    assertThat(RateLimit.waitFor(headers(Map.of()), Instant.now())).isEqualTo(Duration.ofSeconds(1));
  }
}
