package dev.squall.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DateTimesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2026-11-25T12:00:00Z                | 2026-11-25T12:00:00Z",
      "2026-11-25 12:00:00                 | 2026-11-25T12:00:00Z",
      "2026-11-25 12:00:00.578325+00:00    | 2026-11-25T12:00:00.578325Z",
      "2026-11-25T13:00:00+0100            | 2026-11-25T12:00:00Z",
      "2026-11-25T07:00-05                 | 2026-11-25T12:00:00Z",
      "2026-11-25                          | 2026-11-25T00:00:00Z",
      "Wed, 25 Nov 2026 12:00:00 UTC       | 2026-11-25T12:00:00Z"})
  void readsTheFormsStackStormEmitsAndUsersWrite(String text, String expected) {
    assertThat(DateTimes.parse(text, ZoneOffset.UTC)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void naiveTimesAreReadInTheGivenZone() {
    assertThat(DateTimes.parse("2026-07-01 08:00", ZoneId.of("Europe/Berlin")))
        .isEqualTo(Instant.parse("2026-07-01T06:00:00Z"));
  }

  @Test
  void rejectsTextThatIsNoDate() {
    assertThatThrownBy(() -> DateTimes.parse("next tuesday", ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a date-time");
    assertThatThrownBy(() -> DateTimes.parse("2026-02-30 10:00", ZoneOffset.UTC))
        .hasMessageContaining("is not a valid date-time");
  }
}
