package dev.squall.core.trigger;

import dev.squall.core.trigger.TimerSchedule.FieldError;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.lang3.StringUtils;

/** Validates timer parameters against StackStorm's schemas and builds the schedule. */
record TimerParameters(TimerSchedule schedule, List<FieldError> errors) {

  private static final List<String> UNITS = List.of("weeks", "days", "hours", "minutes", "seconds");

  static TimerParameters parse(String ref, Map<String, Object> parameters, ZoneId defaultZone) {
    Map<String, Object> p = parameters == null ? Map.of() : parameters;
    List<FieldError> errors = new ArrayList<>();
    TriggerType type = SystemTriggerTypes.byRef(ref).filter(t -> SystemTriggerTypes.isTimer(ref))
        .orElse(null);
    if (type == null) {
      errors.add(new FieldError("type", "\"" + ref + "\" is not a timer trigger type (one of "
          + "core.st2.IntervalTimer, core.st2.DateTimer, core.st2.CronTimer)"));
      return new TimerParameters(null, List.copyOf(errors));
    }
    Set<String> known = ((Map<?, ?>) type.parametersSchema().get("properties")).keySet().stream()
        .map(String::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
    for (String key : p.keySet()) {
      if (!known.contains(key)) {
        errors.add(new FieldError(key, "unknown parameter for " + ref + " (did you mean \""
            + closest(key, known) + "\"?)"));
      }
    }
    ZoneId zone = zone(p, defaultZone, errors);
    TimerSchedule schedule = switch (type.name()) {
      case "st2.IntervalTimer" -> interval(p, zone, errors);
      case "st2.DateTimer" -> date(p, zone, errors);
      default -> cron(p, zone, errors);
    };
    return new TimerParameters(errors.isEmpty() ? schedule : null, List.copyOf(errors));
  }

  private static ZoneId zone(Map<String, Object> p, ZoneId defaultZone, List<FieldError> errors) {
    Object tz = p.get("timezone");
    if (tz == null) {
      return defaultZone;
    }
    if (!(tz instanceof String s)) {
      errors.add(new FieldError("timezone", "must be a string, not " + typeName(tz)));
      return defaultZone;
    }
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      errors.add(new FieldError("timezone", "unknown time zone \"" + s
          + "\" (use an IANA name such as UTC or Europe/Berlin)"));
      return defaultZone;
    }
  }

  private static TimerSchedule interval(Map<String, Object> p, ZoneId zone,
      List<FieldError> errors) {
    Object unit = p.get("unit");
    Object delta = p.get("delta");
    int before = errors.size();
    if (unit == null) {
      errors.add(new FieldError("unit", "is required (one of " + String.join(", ", UNITS) + ")"));
    } else if (!UNITS.contains(unit)) {
      errors.add(new FieldError("unit", "\"" + unit + "\" is not one of "
          + String.join(", ", UNITS)));
    }
    if (delta == null) {
      errors.add(new FieldError("delta", "is required (an integer)"));
    } else if (!isInteger(delta)) {
      errors.add(new FieldError("delta", "must be an integer, not " + typeName(delta)));
    } else if (((Number) delta).longValue() < 0) {
      errors.add(new FieldError("delta", "must not be negative (" + delta + ")"));
    }
    return errors.size() > before ? null
        : new TimerSchedule.Interval((String) unit, ((Number) delta).longValue(), zone);
  }

  private static TimerSchedule date(Map<String, Object> p, ZoneId zone, List<FieldError> errors) {
    Object date = p.get("date");
    if (date == null) {
      errors.add(new FieldError("date", "is required (e.g. 2014-12-31 23:59:59)"));
      return null;
    }
    if (!(date instanceof String s)) {
      errors.add(new FieldError("date", "must be a string, not " + typeName(date)));
      return null;
    }
    try {
      return new TimerSchedule.Date(DateTimes.parse(s, zone), zone);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("date", e.getMessage()));
      return null;
    }
  }

  /** APScheduler's CronTrigger constructor, including how it fills in fields not given. */
  private static TimerSchedule cron(Map<String, Object> p, ZoneId zone, List<FieldError> errors) {
    CronField.Kind leastSignificantGiven = null;
    for (CronField.Kind kind : CronField.Kind.values()) {
      if (p.get(kind.field) != null) {
        leastSignificantGiven = kind;
      }
    }
    Map<CronField.Kind, CronField> fields = new EnumMap<>(CronField.Kind.class);
    int before = errors.size();
    for (CronField.Kind kind : CronField.Kind.values()) {
      Object value = p.get(kind.field);
      String expr;
      if (value != null) {
        expr = expression(kind, value, errors);
        if (expr == null) {
          continue;
        }
      } else if (leastSignificantGiven != null && kind.compareTo(leastSignificantGiven) > 0) {
        expr = defaultValue(kind);
      } else {
        expr = "*";
      }
      try {
        fields.put(kind, CronField.parse(kind, expr));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(kind.field, e.getMessage()));
      }
    }
    return errors.size() > before ? null : new CronSchedule(zone, fields);
  }

  private static String defaultValue(CronField.Kind kind) {
    return switch (kind) {
      case YEAR, WEEK, DAY_OF_WEEK -> "*";
      case MONTH, DAY -> "1";
      case HOUR, MINUTE, SECOND -> "0";
    };
  }

  private static String expression(CronField.Kind kind, Object value, List<FieldError> errors) {
    if (isInteger(value)) {
      long v = ((Number) value).longValue();
      if (kind != CronField.Kind.YEAR && v < kind.min) {
        errors.add(new FieldError(kind.field, v + " is less than the minimum of " + kind.min));
        return null;
      }
      if (kind != CronField.Kind.YEAR && v > kind.max) {
        errors.add(new FieldError(kind.field, v + " is greater than the maximum of " + kind.max));
        return null;
      }
      return Long.toString(v);
    }
    if (value instanceof String s) {
      return s;
    }
    errors.add(new FieldError(kind.field, "must be an integer or a string, not "
        + typeName(value)));
    return null;
  }

  private static boolean isInteger(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || (v instanceof BigInteger b && b.bitLength() < 64);
  }

  private static String typeName(Object v) {
    return switch (v) {
      case Boolean b -> "a boolean";
      case Number n -> "a number";
      case String s -> "a string";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "a mapping";
      default -> v.getClass().getSimpleName();
    };
  }

  @SuppressWarnings("deprecation") // commons-text is not a dependency; this one is enough
  private static String closest(String name, Set<String> known) {
    return known.stream()
        .min(Comparator.comparingInt((String k) -> StringUtils.getLevenshteinDistance(k, name)))
        .orElse("");
  }
}
