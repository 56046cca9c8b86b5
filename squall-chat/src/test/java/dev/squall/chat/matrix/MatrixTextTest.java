package dev.squall.chat.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixTextTest {

  @Test
  void addressByLocalpartDisplayNameOrUserIdIsRemoved() {
    assertThat(MatrixText.afterAddress("squall: pack list", "@squall:example.org", null)).isEqualTo("pack list");
    assertThat(MatrixText.afterAddress("Squall Bot: help", "@squall:example.org", "Squall Bot")).isEqualTo("help");
    assertThat(MatrixText.afterAddress("@squall:example.org: help", "@squall:example.org", null)).isEqualTo("help");
    assertThat(MatrixText.afterAddress("squallish: help", "@squall:example.org", null)).isNull();
    assertThat(MatrixText.afterAddress("tell squall: hi", "@squall:example.org", null)).isNull();
  }

  @Test
  void replyFallbackQuoteIsRemoved() {
    assertThat(MatrixText.withoutReplyFallback("> <@alice:x> run it\n> twice\n\nsquall: done?")).isEqualTo("squall: done?");
    assertThat(MatrixText.withoutReplyFallback("plain")).isEqualTo("plain");
  }

  @Test
  void rateLimitWaitComesFromTheBodyThenRetryAfterThenOneSecond() {
    HttpHeaders retryAfter = HttpHeaders.of(Map.of("Retry-After", List.of("3")), (a, b) -> true);
    HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
    assertThat(MatrixText.retryAfter(1500, retryAfter)).isEqualTo(Duration.ofMillis(1500));
    assertThat(MatrixText.retryAfter(-1, retryAfter)).isEqualTo(Duration.ofSeconds(3));
    assertThat(MatrixText.retryAfter(-1, none)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void localpartOfAUserId() {
    assertThat(MatrixText.localpart("@alice:example.org")).isEqualTo("alice");
  }
}
