package dev.squall.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimerScheduleTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  /** A Wednesday. */
  private static final Instant WED_NOON = Instant.parse("2026-11-25T12:00:00Z");

  private static TimerSchedule cron(Map<String, Object> params) {
    return TimerSchedule.fromTrigger("core.st2.CronTimer", params, UTC);
  }

  private static Instant next(TimerSchedule s, String after) {
    return s.nextFire(Instant.parse(after)).orElseThrow();
  }

  @Test
  void intervalFiresEveryDeltaUnitsAfterThePreviousFire() {
    TimerSchedule s = TimerSchedule.fromTrigger("core.st2.IntervalTimer",
        Map.of("unit", "minutes", "delta", 5), UTC);
    assertThat(s).isEqualTo(new TimerSchedule.Interval("minutes", 5, UTC));
    assertThat(s.nextFire(WED_NOON)).contains(WED_NOON.plusSeconds(300));
    TimerSchedule weekly = TimerSchedule.fromTrigger("core.st2.IntervalTimer",
        Map.of("unit", "weeks", "delta", 2), UTC);
    assertThat(weekly.nextFire(WED_NOON)).contains(WED_NOON.plus(Duration.ofDays(14)));
  }

  @Test
  void intervalOfZeroFiresEverySecondAsApschedulerDoes() {
    TimerSchedule s = TimerSchedule.fromTrigger("core.st2.IntervalTimer",
        Map.of("unit", "hours", "delta", 0), UTC);
    assertThat(s.nextFire(WED_NOON)).contains(WED_NOON.plusSeconds(1));
  }

  @Test
  void intervalDaysAreElapsedTimeAcrossDst() {
    TimerSchedule s = TimerSchedule.fromTrigger("core.st2.IntervalTimer",
        Map.of("unit", "days", "delta", 1, "timezone", "America/New_York"), UTC);
    Instant beforeFallBack = Instant.parse("2026-10-31T16:00:00Z");
    assertThat(s.nextFire(beforeFallBack)).contains(Instant.parse("2026-11-01T16:00:00Z"));
  }

  @Test
  void dateTimerReadsANaiveDateInItsTimezoneAndFiresOnce() {
    TimerSchedule s = TimerSchedule.fromTrigger("core.st2.DateTimer",
        Map.of("date", "2026-12-31 23:59:59", "timezone", "America/New_York"), UTC);
    Instant expected = Instant.parse("2027-01-01T04:59:59Z");
    assertThat(s).isEqualTo(new TimerSchedule.Date(expected, NEW_YORK));
    assertThat(s.nextFire(WED_NOON)).contains(expected);
    assertThat(s.nextFire(expected)).isEmpty();
  }

  @Test
  void dateTimerWithAnOffsetIgnoresTheTimezone() {
    TimerSchedule s = TimerSchedule.fromTrigger("core.st2.DateTimer",
        Map.of("date", "2026-12-31T23:59:59Z", "timezone", "Asia/Tokyo"), NEW_YORK);
    assertThat(s.nextFire(WED_NOON)).contains(Instant.parse("2026-12-31T23:59:59Z"));
  }

  @Test
  void dateTimerWithoutTimezoneUsesTheDefaultZone() {
    TimerSchedule s = TimerSchedule.fromTrigger("core.st2.DateTimer",
        Map.of("date", "2026-12-01 09:00"), NEW_YORK);
    assertThat(s.nextFire(WED_NOON)).contains(Instant.parse("2026-12-01T14:00:00Z"));
  }

  @Test
  void cronFillsOmittedFieldsAsApschedulerDoes() {
    CronSchedule daily = (CronSchedule) cron(Map.of("hour", 8));
    assertThat(daily.fields()).containsExactly(
        Map.entry("year", "*"), Map.entry("month", "*"), Map.entry("day", "*"),
        Map.entry("week", "*"), Map.entry("day_of_week", "*"), Map.entry("hour", "8"),
        Map.entry("minute", "0"), Map.entry("second", "0"));
    assertThat(next(daily, "2026-11-25T12:00:00Z")).isEqualTo("2026-11-26T08:00:00Z");

    CronSchedule june = (CronSchedule) cron(Map.of("month", 6));
    assertThat(june.fields()).containsEntry("day", "1").containsEntry("hour", "0");
    assertThat(next(june, "2026-11-25T12:00:00Z")).isEqualTo("2027-06-01T00:00:00Z");
  }

  @Test
  void cronWithNoFieldsFiresEverySecond() {
    assertThat(next(cron(Map.of()), "2026-11-25T12:00:00.250Z")).isEqualTo("2026-11-25T12:00:01Z");
  }

  @Test
  void cronStepsRangesAndLists() {
    assertThat(next(cron(Map.of("minute", "*/15")), "2026-11-25T12:07:00Z"))
        .isEqualTo("2026-11-25T12:15:00Z");
    assertThat(next(cron(Map.of("hour", "9-17/4", "minute", 30)), "2026-11-25T14:00:00Z"))
        .isEqualTo("2026-11-25T17:30:00Z");
    assertThat(next(cron(Map.of("hour", "1,23")), "2026-11-25T12:00:00Z"))
        .isEqualTo("2026-11-25T23:00:00Z");
    assertThat(next(cron(Map.of("second", "5/20")), "2026-11-25T12:00:30Z"))
        .isEqualTo("2026-11-25T12:00:45Z");
  }

  @Test
  void dayOfWeekZeroIsMondayAsInApscheduler() {
    // 2026-11-25 is a Wednesday
    assertThat(next(cron(Map.of("day_of_week", 0, "hour", 9)), "2026-11-25T12:00:00Z"))
        .isEqualTo("2026-11-30T09:00:00Z");
    assertThat(next(cron(Map.of("day_of_week", 6, "hour", 9)), "2026-11-25T12:00:00Z"))
        .isEqualTo("2026-11-29T09:00:00Z");
    assertThat(next(cron(Map.of("day_of_week", "sun", "hour", 9)), "2026-11-25T12:00:00Z"))
        .isEqualTo("2026-11-29T09:00:00Z");
    assertThat(next(cron(Map.of("day_of_week", "mon-fri", "hour", 9)), "2026-11-27T12:00:00Z"))
        .isEqualTo("2026-11-30T09:00:00Z");
    assertThat(next(cron(Map.of("day_of_week", "*/2", "hour", 9)), "2026-11-25T12:00:00Z"))
        .as("*/2 is mon, wed, fri, sun").isEqualTo("2026-11-27T09:00:00Z");
  }

  @Test
  void dayAndDayOfWeekMustBothMatch() {
    assertThat(next(cron(Map.of("day", 13, "day_of_week", "fri")), "2026-11-25T12:00:00Z"))
        .isEqualTo("2027-08-13T00:00:00Z");
  }

  @Test
  void dayAcceptsLastAndWeekdayPositions() {
    assertThat(next(cron(Map.of("day", "last")), "2026-11-25T12:00:00Z"))
        .isEqualTo("2026-11-30T00:00:00Z");
    assertThat(next(cron(Map.of("day", "last fri")), "2026-11-28T12:00:00Z"))
        .isEqualTo("2026-12-25T00:00:00Z");
    assertThat(next(cron(Map.of("day", "3rd mon")), "2026-11-25T12:00:00Z"))
        .isEqualTo("2026-12-21T00:00:00Z");
    assertThat(next(cron(Map.of("day", 31)), "2026-11-25T12:00:00Z"))
        .as("months without a 31st are skipped").isEqualTo("2026-12-31T00:00:00Z");
  }

  @Test
  void monthNamesAndIsoWeekAndYear() {
    assertThat(next(cron(Map.of("month", "feb-mar")), "2026-11-25T12:00:00Z"))
        .isEqualTo("2027-02-01T00:00:00Z");
    assertThat(next(cron(Map.of("week", 49, "day_of_week", "mon")), "2026-11-25T12:00:00Z"))
        .isEqualTo("2026-11-30T00:00:00Z");
    assertThat(cron(Map.of("year", 2025)).nextFire(WED_NOON)).isEmpty();
  }

  @Test
  void cronReadsWallClockInItsTimezone() {
    TimerSchedule s = cron(Map.of("hour", 8, "timezone", "Europe/Berlin"));
    assertThat(next(s, "2026-11-25T12:00:00Z")).isEqualTo("2026-11-26T07:00:00Z");
    assertThat(next(s, "2026-07-01T12:00:00Z")).isEqualTo("2026-07-02T06:00:00Z");
  }

  @Test
  void cronTimeSkippedBySpringForwardFiresAfterTheGap() {
    // New York: 2026-03-08 02:00 EST -> 03:00 EDT
    TimerSchedule s = cron(Map.of("hour", 2, "minute", 30, "timezone", "America/New_York"));
    assertThat(next(s, "2026-03-07T12:00:00Z")).as("03:30 EDT").isEqualTo("2026-03-08T07:30:00Z");
    assertThat(next(s, "2026-03-08T07:30:00Z")).as("02:30 EDT next day")
        .isEqualTo("2026-03-09T06:30:00Z");
  }

  @Test
  void cronTimeRepeatedByFallBackFiresOnce() {
    // New York: 2026-11-01 02:00 EDT -> 01:00 EST, so 01:30 happens twice
    TimerSchedule s = cron(Map.of("hour", 1, "minute", 30, "timezone", "America/New_York"));
    Instant first = next(s, "2026-10-31T12:00:00Z");
    assertThat(first).as("01:30 EDT").isEqualTo("2026-11-01T05:30:00Z");
    assertThat(s.nextFire(first)).as("not again at 01:30 EST")
        .contains(Instant.parse("2026-11-02T06:30:00Z"));
    TimerSchedule hourly = cron(Map.of("minute", 30, "timezone", "America/New_York"));
    assertThat(hourly.nextFire(Instant.parse("2026-11-01T06:10:00Z"))).as("from 01:10 EST")
        .contains(Instant.parse("2026-11-01T07:30:00Z"));
  }

  @Test
  void invalidParametersAreNamed() {
    assertThat(TimerSchedule.validate("core.st2.CronTimer", Map.of("day_of_week", 7)))
        .containsExactly(new TimerSchedule.FieldError("day_of_week",
            "7 is greater than the maximum of 6"));
    assertThat(TimerSchedule.validate("core.st2.CronTimer", Map.of("day_of_week", "funday")))
        .containsExactly(new TimerSchedule.FieldError("day_of_week",
            "Invalid weekday name \"funday\""));
    assertThat(TimerSchedule.validate("core.st2.CronTimer", Map.of("minute", "*/0")))
        .extracting(TimerSchedule.FieldError::message)
        .containsExactly("Increment must be higher than 0");
    assertThat(TimerSchedule.validate("core.st2.CronTimer", Map.of("hour", "20-25")))
        .extracting(TimerSchedule.FieldError::message)
        .containsExactly("the last value (25) is higher than the maximum value (23)");
    assertThat(TimerSchedule.validate("core.st2.CronTimer", Map.of("minutes", 5)))
        .containsExactly(new TimerSchedule.FieldError("minutes",
            "unknown parameter for core.st2.CronTimer (did you mean \"minute\"?)"));
    assertThat(TimerSchedule.validate("core.st2.IntervalTimer", Map.of("unit", "fortnights")))
        .extracting(TimerSchedule.FieldError::field).containsExactly("unit", "delta");
    assertThat(TimerSchedule.validate("core.st2.IntervalTimer",
        Map.of("unit", "seconds", "delta", "5")))
        .containsExactly(new TimerSchedule.FieldError("delta", "must be an integer, not a string"));
    assertThat(TimerSchedule.validate("core.st2.DateTimer",
        Map.of("date", "tomorrow", "timezone", "Mars/Olympus")))
        .extracting(TimerSchedule.FieldError::field).containsExactlyInAnyOrder("date", "timezone");
  }

  @Test
  void fromTriggerThrowsBadRequestNamingTheField() {
    assertThatThrownBy(() -> cron(Map.of("hour", "noon")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Invalid parameters for core.st2.CronTimer: parameter \"hour\": "
            + "Unrecognized expression \"noon\" for field \"hour\"");
  }

  @Test
  void missedIntervalFiresCoalesceIntoOneWithinGraceAndKeepThePhase() {
    TimerSchedule s = new TimerSchedule.Interval("minutes", 1, UTC);
    Instant last = Instant.parse("2026-11-25T10:00:00Z");
    Instant now = Instant.parse("2026-11-25T10:05:30Z");
    TimerSchedule.MissedFires m = s.missedFires(last, now);
    assertThat(m.missed()).isEqualTo(5);
    assertThat(m.latestMissed()).contains(Instant.parse("2026-11-25T10:05:00Z"));
    assertThat(m.fireNow()).contains(Instant.parse("2026-11-25T10:05:00Z"));
    assertThat(m.next()).contains(Instant.parse("2026-11-25T10:06:00Z"));
    assertThat(m.skipped()).isFalse();

    TimerSchedule.MissedFires strict = s.missedFires(last, now, Duration.ofSeconds(10));
    assertThat(strict.fireNow()).isEmpty();
    assertThat(strict.skipped()).isTrue();
  }

  @Test
  void missedCronFireOlderThanGraceIsSkipped() {
    TimerSchedule s = cron(Map.of("hour", 8));
    TimerSchedule.MissedFires m = s.missedFires(Instant.parse("2026-11-24T08:00:00Z"),
        Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(m.missed()).isEqualTo(1);
    assertThat(m.skipped()).isTrue();
    assertThat(m.next()).contains(Instant.parse("2026-11-26T08:00:00Z"));

    TimerSchedule.MissedFires none = s.missedFires(Instant.parse("2026-11-25T08:00:00Z"),
        Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(none.missed()).isZero();
    assertThat(none.fireNow()).isEmpty();
    assertThat(none.skipped()).isFalse();
  }

  @Test
  void missedDateTimerFiresOnceIfJustMissed() {
    Instant at = Instant.parse("2026-11-25T12:00:00Z");
    TimerSchedule s = new TimerSchedule.Date(at, UTC);
    TimerSchedule.MissedFires m = s.missedFires(at.minusSeconds(3600), at.plusSeconds(20));
    assertThat(m.fireNow()).contains(at);
    assertThat(m.next()).isEqualTo(Optional.empty());
  }

  @Test
  void rejectsNonTimerTypes() {
    assertThat(TimerSchedule.validate("core.st2.webhook", new HashMap<>()))
        .extracting(TimerSchedule.FieldError::field).containsExactly("type");
  }
}
