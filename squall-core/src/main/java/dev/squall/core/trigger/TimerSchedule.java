package dev.squall.core.trigger;

import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When a timer trigger fires, built from the parameters of {@code core.st2.IntervalTimer},
 * {@code core.st2.DateTimer} or {@code core.st2.CronTimer} with APScheduler 3's semantics (which
 * is what StackStorm hands them to).
 *
 * <h2>Missed fires</h2>
 * StackStorm keeps timers in memory: every fire due while it is down is lost, and after a restart
 * an interval timer starts over one interval from "now". Squall remembers each timer's last fire,
 * so on start it asks {@link #missedFires} and applies APScheduler's own misfire rules, which
 * StackStorm configures implicitly ({@code coalesce=True}): all fire times missed since the last
 * fire collapse into <em>one</em> fire, and that fire happens only if the latest missed time is
 * no older than the grace time; otherwise it is skipped (and the caller logs it). The schedule
 * then continues from its own phase (an interval timer keeps its original rhythm). Squall's
 * default grace is {@link #DEFAULT_MISFIRE_GRACE}: long enough that a restart does not swallow
 * a tick, short enough that a nightly job does not run at noon after a night-long outage.
 */
public sealed interface TimerSchedule
    permits TimerSchedule.Interval, TimerSchedule.Date, CronSchedule {

  Duration DEFAULT_MISFIRE_GRACE = Duration.ofMinutes(1);

  /** The zone the schedule is read in (wall-clock times of Cron, naive dates of Date). */
  ZoneId zone();

  /**
   * The first fire time strictly after {@code after}, or empty when the schedule has ended. For an
   * interval, {@code after} is the previous fire (or the moment the timer was created).
   */
  Optional<Instant> nextFire(Instant after);

  /** {@link #missedFires(Instant, Instant, Duration)} with {@link #DEFAULT_MISFIRE_GRACE}. */
  default MissedFires missedFires(Instant lastFire, Instant now) {
    return missedFires(lastFire, now, DEFAULT_MISFIRE_GRACE);
  }

  /**
   * What a durable scheduler should do at {@code now}, given that the timer last fired at
   * {@code lastFire} (see the class comment for the policy).
   */
  default MissedFires missedFires(Instant lastFire, Instant now, Duration grace) {
    long count = 0;
    Instant latest = null;
    Optional<Instant> t = nextFire(lastFire);
    while (t.isPresent() && !t.get().isAfter(now) && count < MissedFires.COUNT_LIMIT) {
      latest = t.get();
      count++;
      t = nextFire(latest);
    }
    Optional<Instant> next = t.isPresent() && t.get().isAfter(now) ? t : nextFire(now);
    return MissedFires.of(count, latest, now, grace, next);
  }

  /**
   * Builds the schedule of a timer trigger.
   *
   * @param triggerTypeRef {@code core.st2.IntervalTimer}, {@code core.st2.DateTimer} or
   *     {@code core.st2.CronTimer}
   * @param defaultZone the zone when the parameters give no {@code timezone} (StackStorm's
   *     {@code timer.local_timezone} setting)
   * @throws BadRequestException naming each invalid parameter
   */
  static TimerSchedule fromTrigger(String triggerTypeRef, Map<String, Object> parameters,
      ZoneId defaultZone) {
    TimerParameters parsed = TimerParameters.parse(triggerTypeRef, parameters, defaultZone);
    if (!parsed.errors().isEmpty()) {
      throw new BadRequestException("Invalid parameters for " + triggerTypeRef + ": "
          + parsed.errors().stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    }
    return parsed.schedule();
  }

  /** The parameter errors of a timer trigger, empty when it is valid; for pack validation. */
  static List<FieldError> validate(String triggerTypeRef, Map<String, Object> parameters) {
    return TimerParameters.parse(triggerTypeRef, parameters, ZoneId.of("UTC")).errors();
  }

  /** A problem with one timer parameter. */
  record FieldError(String field, String message) {
    @Override
    public String toString() {
      return "parameter \"" + field + "\": " + message;
    }
  }

  /**
   * Fires every {@code delta} {@code unit}s of elapsed time (a day is 24 hours, also across DST,
   * as in APScheduler). A delta of 0 fires every second, as APScheduler does.
   *
   * @param unit weeks, days, hours, minutes or seconds
   */
  record Interval(String unit, long delta, ZoneId zone) implements TimerSchedule {

    public Duration period() {
      Duration d = switch (unit) {
        case "weeks" -> Duration.ofDays(7 * delta);
        case "days" -> Duration.ofDays(delta);
        case "hours" -> Duration.ofHours(delta);
        case "minutes" -> Duration.ofMinutes(delta);
        case "seconds" -> Duration.ofSeconds(delta);
        default -> throw new IllegalStateException("unit " + unit);
      };
      return d.isZero() ? Duration.ofSeconds(1) : d;
    }

    @Override
    public Optional<Instant> nextFire(Instant after) {
      return Optional.of(after.plus(period()));
    }

    @Override
    public MissedFires missedFires(Instant lastFire, Instant now, Duration grace) {
      Duration period = period();
      long count = now.isBefore(lastFire) ? 0
          : Duration.between(lastFire, now).dividedBy(period);
      Instant latest = count == 0 ? null : lastFire.plus(period.multipliedBy(count));
      Instant next = lastFire.plus(period.multipliedBy(count + 1));
      return MissedFires.of(count, latest, now, grace, Optional.of(next));
    }
  }

  /** Fires once, at {@code date}; a date already past never fires (StackStorm skips it). */
  record Date(Instant date, ZoneId zone) implements TimerSchedule {
    @Override
    public Optional<Instant> nextFire(Instant after) {
      return date.isAfter(after) ? Optional.of(date) : Optional.empty();
    }
  }

  /**
   * The answer of {@link #missedFires}.
   *
   * @param missed how many fire times fell in {@code (lastFire, now]} (capped at
   *     {@link #COUNT_LIMIT})
   * @param latestMissed the most recent of them
   * @param fireNow the fire time to run once now (coalesced), present only if within grace
   * @param next the next regular fire time after now
   */
  record MissedFires(
      long missed, Optional<Instant> latestMissed, Optional<Instant> fireNow,
      Optional<Instant> next) {

    public static final long COUNT_LIMIT = 1_000_000;

    /** Whether fires were missed and are dropped because they are older than the grace time. */
    public boolean skipped() {
      return missed > 0 && fireNow.isEmpty();
    }

    static MissedFires of(long count, Instant latest, Instant now, Duration grace,
        Optional<Instant> next) {
      Optional<Instant> fire = latest != null && !Duration.between(latest, now).minus(grace)
          .isPositive() ? Optional.of(latest) : Optional.empty();
      return new MissedFires(count, Optional.ofNullable(latest), fire, next);
    }
  }
}
