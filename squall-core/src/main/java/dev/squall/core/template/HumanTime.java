package dev.squall.core.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;

/** StackStorm's {@code to_human_time_from_seconds}: 12345 → {@code 3h25m45s}. */
public final class HumanTime {

  private HumanTime() {}

  static String fromSeconds(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || value instanceof Boolean) {
      throw new IllegalArgumentException(
          "to_human_time_from_seconds needs a number of seconds, got " + TemplateText.repr(value));
    }
    double seconds = number.doubleValue();
    if (seconds == 0) {
      return "0s";
    }
    if (seconds < 1) {
      // StackStorm prints the raw fraction with a micro sign.
      return TemplateText.str(value) + "\u03BCs";
    }
    long whole = new BigDecimal(number.toString()).setScale(0, RoundingMode.HALF_EVEN).longValue();
    // Python adds the timedelta to datetime(1, 1, 1) and reads the fields: the same here.
    LocalDateTime t = LocalDateTime.of(1, 1, 1, 0, 0).plusSeconds(whole);
    long[] parts = {t.getYear() - 1, t.getDayOfMonth() - 1, t.getHour(), t.getMinute(), t.getSecond()};
    String[] units = {"y", "d", "h", "m", "s"};
    int first = 0;
    while (first < 4 && parts[first] == 0) {
      first++;
    }
    StringBuilder out = new StringBuilder();
    for (int i = first; i < parts.length; i++) {
      out.append(parts[i]).append(units[i]);
    }
    return out.toString();
  }

  /**
   * Squall's {@code human_duration}: a duration as people write it — {@code 35 ms},
   * {@code 4.2 s}, {@code 2 min 5 s}, {@code 3 h 25 min}, {@code 2 d 1 h}. StackStorm's default
   * result said {@code Took 0.035μs} for 35 ms (its filter prints a fraction of a second with a
   * micro sign); the default result template uses this one instead (a documented divergence).
   */
  public static String duration(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || value instanceof Boolean) {
      throw new IllegalArgumentException(
          "human_duration needs a number of seconds, got " + TemplateText.repr(value));
    }
    double seconds = number.doubleValue();
    if (seconds < 1) {
      return Math.round(seconds * 1000) + " ms";
    }
    if (seconds < 10) {
      return BigDecimal.valueOf(seconds).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros()
          .toPlainString() + " s";
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    if (s < 86400) {
      long min = s % 3600 / 60;
      return s / 3600 + " h" + (min == 0 ? "" : " " + min + " min");
    }
    long h = s % 86400 / 3600;
    return s / 86400 + " d" + (h == 0 ? "" : " " + h + " h");
  }
}
