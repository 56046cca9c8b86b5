package dev.squall.core.trigger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.zone.ZoneOffsetTransition;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An APScheduler {@code CronTrigger}: fires at every wall-clock second in {@link #zone()} that
 * matches all fields. Unlike Unix cron, {@code day} and {@code day_of_week} must both match
 * (AND, not OR).
 *
 * <p>Fields left out follow APScheduler: those more significant than the least significant
 * given field are {@code *}, the ones after it take their minimum ({@code {hour: 8}} fires daily
 * at 08:00:00, {@code {month: 6}} once a year on 1 June at midnight); with no field at all it
 * fires every second.
 *
 * <p>Daylight saving: a wall-clock time skipped by a spring-forward gap fires at the same offset
 * after the gap (02:30 becomes 03:30); a time repeated in a fall-back overlap fires once, at its
 * first occurrence.
 */
public final class CronSchedule implements TimerSchedule {

  private final ZoneId zone;
  private final Map<String, String> fields;
  private final CronField year;
  private final CronField month;
  private final CronField day;
  private final CronField week;
  private final CronField dayOfWeek;
  private final CronField hour;
  private final CronField minute;
  private final CronField second;

  /** @param fields effective expressions by APScheduler field name, all eight present */
  CronSchedule(ZoneId zone, Map<CronField.Kind, CronField> fields) {
    this.zone = zone;
    Map<String, String> exprs = new LinkedHashMap<>();
    fields.forEach((k, f) -> exprs.put(k.field, f.expression));
    this.fields = Collections.unmodifiableMap(exprs);
    this.year = fields.get(CronField.Kind.YEAR);
    this.month = fields.get(CronField.Kind.MONTH);
    this.day = fields.get(CronField.Kind.DAY);
    this.week = fields.get(CronField.Kind.WEEK);
    this.dayOfWeek = fields.get(CronField.Kind.DAY_OF_WEEK);
    this.hour = fields.get(CronField.Kind.HOUR);
    this.minute = fields.get(CronField.Kind.MINUTE);
    this.second = fields.get(CronField.Kind.SECOND);
  }

  @Override
  public ZoneId zone() {
    return zone;
  }

  /** The effective expression of each field, year to second, defaults filled in. */
  public Map<String, String> fields() {
    return fields;
  }

  @Override
  public Optional<Instant> nextFire(Instant after) {
    LocalDateTime from = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.SECONDS)
        .plusSeconds(1);
    while (true) {
      Optional<LocalDateTime> candidate = nextLocal(from);
      if (candidate.isEmpty()) {
        return Optional.empty();
      }
      LocalDateTime local = candidate.get();
      Instant at = local.atZone(zone).toInstant();
      if (at.isAfter(after)) {
        return Optional.of(at);
      }
      // In a fall-back overlap the first occurrence is already past: go to the end of the overlap.
      ZoneOffsetTransition t = zone.getRules().getTransition(local);
      from = t != null && t.isOverlap() && t.getDateTimeBefore().isAfter(local)
          ? t.getDateTimeBefore() : local.plusSeconds(1);
    }
  }

  /** The first matching wall-clock time at or after {@code start}. */
  private Optional<LocalDateTime> nextLocal(LocalDateTime start) {
    LocalDateTime c = start;
    YearMonth cachedMonth = null;
    BitSet days = null;
    while (c.getYear() <= 9999) {
      int y = c.getYear();
      if (!year.matches(y)) {
        int next = year.next(y + 1);
        if (next < 0) {
          return Optional.empty();
        }
        c = LocalDateTime.of(next, 1, 1, 0, 0);
        continue;
      }
      int mo = c.getMonthValue();
      if (!month.matches(mo)) {
        int next = month.next(mo + 1);
        c = next < 0 ? LocalDateTime.of(y + 1, 1, 1, 0, 0) : LocalDateTime.of(y, next, 1, 0, 0);
        continue;
      }
      LocalDate d = c.toLocalDate();
      YearMonth ym = YearMonth.from(d);
      if (!ym.equals(cachedMonth)) {
        cachedMonth = ym;
        days = day.daysIn(ym);
      }
      if (!days.get(d.getDayOfMonth())
          || !week.matches(d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
          || !dayOfWeek.matches(d.getDayOfWeek().getValue() - 1)) {
        c = d.plusDays(1).atStartOfDay();
        continue;
      }
      int h = c.getHour();
      if (!hour.matches(h)) {
        int next = hour.next(h + 1);
        c = next < 0 ? d.plusDays(1).atStartOfDay() : d.atTime(next, 0);
        continue;
      }
      int mi = c.getMinute();
      if (!minute.matches(mi)) {
        int next = minute.next(mi + 1);
        c = next < 0 ? d.atTime(h, 0).plusHours(1) : d.atTime(h, next);
        continue;
      }
      int s = c.getSecond();
      if (!second.matches(s)) {
        int next = second.next(s + 1);
        c = next < 0 ? d.atTime(h, mi).plusMinutes(1) : d.atTime(h, mi, next);
        continue;
      }
      return Optional.of(c);
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule other && zone.equals(other.zone)
        && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return zone.hashCode() * 31 + fields.hashCode();
  }

  @Override
  public String toString() {
    return "CronSchedule" + fields + " in " + zone;
  }
}
