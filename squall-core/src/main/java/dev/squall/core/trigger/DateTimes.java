package dev.squall.core.trigger;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date-time strings as StackStorm accepts them through {@code dateutil.parser.parse}: ISO 8601
 * with {@code T} or a space, optional seconds and fraction, and an optional {@code Z}, {@code UTC}
 * or numeric offset. That covers what timers emit ({@code str(datetime)}, e.g. {@code 2014-07-30
 * 05:04:24.578325+00:00}) and what rule authors write. A string without an offset is wall-clock
 * time in the zone the caller names (UTC for criteria, the timer's zone for DateTimer). The
 * RFC 1123 form StackStorm's API prints ({@code Wed, 25 Nov 2026 12:00:00 UTC}) is read too.
 */
public final class DateTimes {

  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
          + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?)?"
          + "\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?");

  private DateTimes() {}

  /** The HTTP date form, e.g. {@code Wed, 25 Nov 2026 12:00:00 UTC}, as StackStorm's API shows. */
  private static Instant rfc1123(String text) {
    String t = text.trim();
    if (t.endsWith(" UTC")) {
      t = t.substring(0, t.length() - 4) + " GMT";
    }
    try {
      return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a date-time (expected e.g. "
          + "2014-12-31 23:59:59 or 2014-12-31T23:59:59Z)");
    }
  }

  /**
   * Parses {@code text}; a value without an offset is read in {@code zoneForNaive}.
   *
   * @throws IllegalArgumentException naming the text when it is not a date-time
   */
  public static Instant parse(String text, ZoneId zoneForNaive) {
    Matcher m = ISO.matcher(text.trim());
    if (!m.matches()) {
      return rfc1123(text);
    }
    try {
      String fraction = m.group(7) == null ? "0" : (m.group(7) + "000000000").substring(0, 9);
      LocalDateTime local = LocalDateTime.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
          m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
          m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
          Integer.parseInt(fraction));
      String offset = m.group(8);
      if (offset == null) {
        return local.atZone(zoneForNaive).toInstant();
      }
      String upper = offset.toUpperCase(Locale.ROOT);
      if (upper.equals("Z") || upper.equals("UTC") || upper.equals("GMT")) {
        return local.toInstant(ZoneOffset.UTC);
      }
      String normalized = offset.length() == 3 ? offset + ":00"
          : offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset;
      return local.toInstant(ZoneOffset.of(normalized));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid date-time: "
          + e.getMessage(), e);
    }
  }
}
