package dev.squall.core.trigger;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One field of an APScheduler 3 {@code CronTrigger}, parsed from its expression: a comma-separated
 * list of {@code *}, {@code * /n}, {@code a}, {@code a-b}, {@code a-b/n}, {@code a/n}, names
 * ({@code jan}–{@code dec} for month, {@code mon}–{@code sun} for day_of_week, ranges of them),
 * and for day also {@code last}, {@code last fri} and {@code 1st}…{@code 5th mon}.
 *
 * <p>APScheduler numbers day_of_week from 0 = Monday to 6 = Sunday (not cron's 0 = Sunday), and
 * {@code week} is the ISO week number. Error messages follow APScheduler's.
 */
final class CronField {

  enum Kind {
    YEAR("year", 1970, 9999),
    MONTH("month", 1, 12),
    DAY("day", 1, 31),
    WEEK("week", 1, 53),
    DAY_OF_WEEK("day_of_week", 0, 6),
    HOUR("hour", 0, 23),
    MINUTE("minute", 0, 59),
    SECOND("second", 0, 59);

    final String field;
    final int min;
    final int max;

    Kind(String field, int min, int max) {
      this.field = field;
      this.min = min;
      this.max = max;
    }
  }

  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final List<String> WEEKDAYS =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final List<String> POSITIONS = List.of("1st", "2nd", "3rd", "4th", "5th");

  private static final Pattern ALL = Pattern.compile("\\*(?:/(\\d+))?");
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(\\d+))?");
  private static final Pattern NAME_RANGE = Pattern.compile("([a-z]+)(?:-([a-z]+))?");
  private static final Pattern POSITION =
      Pattern.compile("(1st|2nd|3rd|4th|5th|last) +([a-z]+)");

  /** Day-only expressions that depend on the month: {@code last}, {@code 3rd fri}. */
  private record MonthlyDay(int position, DayOfWeek weekday) {
    /** position 0 = last; weekday null = the last day of the month. */
    int dayIn(YearMonth ym) {
      if (weekday == null) {
        return ym.lengthOfMonth();
      }
      LocalDate d = position == 0
          ? ym.atEndOfMonth().with(TemporalAdjusters.previousOrSame(weekday))
          : ym.atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(position, weekday));
      return d.getMonth() == ym.getMonth() ? d.getDayOfMonth() : -1;
    }
  }

  final Kind kind;
  final String expression;
  private final BitSet values = new BitSet();
  private final List<MonthlyDay> monthly = new ArrayList<>();

  private CronField(Kind kind, String expression) {
    this.kind = kind;
    this.expression = expression;
  }

  /** @throws IllegalArgumentException with APScheduler's wording */
  static CronField parse(Kind kind, String expression) {
    CronField f = new CronField(kind, expression);
    for (String part : expression.split(",", -1)) {
      try {
        f.add(part.strip().toLowerCase(Locale.ROOT));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + part.strip() + "\" is out of range for field \""
            + kind.field + "\"");
      }
    }
    return f;
  }

  boolean matches(int value) {
    return values.get(value);
  }

  /** The smallest matching value >= from, or -1. */
  int next(int from) {
    int n = values.nextSetBit(Math.max(from, 0));
    return n < 0 || n > kind.max ? -1 : n;
  }

  /** The days of {@code ym} this (day) field selects. */
  BitSet daysIn(YearMonth ym) {
    BitSet days = (BitSet) values.clone();
    days.clear(ym.lengthOfMonth() + 1, 32);
    for (MonthlyDay m : monthly) {
      int d = m.dayIn(ym);
      if (d > 0) {
        days.set(d);
      }
    }
    return days;
  }

  private void add(String expr) {
    Matcher m;
    if ((m = ALL.matcher(expr)).matches()) {
      int step = step(m.group(1), kind.max - kind.min);
      setRange(kind.min, kind.max, step);
    } else if ((m = RANGE.matcher(expr)).matches()) {
      int first = Integer.parseInt(m.group(1));
      Integer last = m.group(2) == null ? null : Integer.parseInt(m.group(2));
      if (last == null && m.group(3) == null) {
        last = first;
      }
      int end = last == null ? kind.max : last;
      checkBounds(first, end);
      setRange(first, end, step(m.group(3), end - first));
    } else if (kind == Kind.DAY && expr.equals("last")) {
      monthly.add(new MonthlyDay(0, null));
    } else if (kind == Kind.DAY && (m = POSITION.matcher(expr)).matches()) {
      int weekday = name(WEEKDAYS, m.group(2), "weekday");
      monthly.add(new MonthlyDay(m.group(1).equals("last") ? 0 : POSITIONS.indexOf(m.group(1)) + 1,
          DayOfWeek.of(weekday + 1)));
    } else if ((kind == Kind.MONTH || kind == Kind.DAY_OF_WEEK)
        && (m = NAME_RANGE.matcher(expr)).matches()) {
      List<String> names = kind == Kind.MONTH ? MONTHS : WEEKDAYS;
      String what = kind == Kind.MONTH ? "month" : "weekday";
      int offset = kind == Kind.MONTH ? 1 : 0;
      int first = name(names, m.group(1), what) + offset;
      int last = m.group(2) == null ? first : name(names, m.group(2), what) + offset;
      checkBounds(first, last);
      setRange(first, last, 1);
    } else {
      throw new IllegalArgumentException("Unrecognized expression \"" + expr + "\" for field \""
          + kind.field + "\"");
    }
  }

  private void checkBounds(int first, int last) {
    if (first < kind.min) {
      throw new IllegalArgumentException("the first value (" + first
          + ") is lower than the minimum value (" + kind.min + ")");
    }
    if (last > kind.max) {
      throw new IllegalArgumentException("the last value (" + last
          + ") is higher than the maximum value (" + kind.max + ")");
    }
    if (first > last) {
      throw new IllegalArgumentException(
          "The minimum value in a range must not be higher than the maximum (" + first + "-"
              + last + ")");
    }
  }

  private static int step(String text, int span) {
    if (text == null) {
      return 1;
    }
    int step = Integer.parseInt(text);
    if (step == 0) {
      throw new IllegalArgumentException("Increment must be higher than 0");
    }
    if (step > span) {
      throw new IllegalArgumentException("the step value (" + step
          + ") is higher than the total range of the expression (" + span + ")");
    }
    return step;
  }

  private static int name(List<String> names, String name, String what) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("Invalid " + what + " name \"" + name + "\"");
    }
    return i;
  }

  private void setRange(int first, int last, int step) {
    for (int v = first; v <= last; v += step) {
      values.set(v);
    }
  }
}
