package dev.squall.core.rule;

import dev.squall.core.trigger.DateTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The scalar operators, each with StackStorm's semantics: a null pattern fails every operator
 * except {@code nequals}, {@code exists} and {@code nexists}; operands are compared as given, with
 * no coercion ({@code lessthan} of the string "5" and the number 3 is an error, not a match); an
 * operand of the wrong type raises {@link PyError}, which fails the criterion.
 */
final class Operators {

  private static final int PY_UNICODE = Pattern.UNICODE_CHARACTER_CLASS;

  private Operators() {}

  static boolean apply(Operator op, Object value, Object pattern, Clock clock) {
    if (pattern == null && op != Operator.NEQUALS && !op.ignoresPattern()) {
      return false;
    }
    return switch (op) {
      case MATCHWILDCARD -> PyPatterns.wildcard(path(pattern), path(value));
      case MATCHREGEX -> PyPatterns.regex(regexPattern(pattern), subject(value), true,
          PY_UNICODE | Pattern.DOTALL);
      case REGEX -> PyPatterns.regex(regexPattern(pattern), subject(value), false, PY_UNICODE);
      case IREGEX -> PyPatterns.regex(regexPattern(pattern), subject(value), false,
          PY_UNICODE | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      case EQUALS -> Py.eq(value, pattern);
      case NEQUALS -> !Py.eq(value, pattern);
      case IEQUALS -> Py.lower(Py.str(value, "lower")).equals(Py.lower(Py.str(pattern, "lower")));
      case CONTAINS -> Py.in(pattern, value);
      case NCONTAINS -> !Py.in(pattern, value);
      case ICONTAINS -> icontains(value, pattern);
      case INCONTAINS -> !icontains(value, pattern);
      case STARTSWITH -> Py.str(value, "startswith").startsWith(affix(pattern, "startswith"));
      case ISTARTSWITH ->
          Py.lower(Py.str(value, "lower")).startsWith(Py.lower(Py.str(pattern, "lower")));
      case ENDSWITH -> Py.str(value, "endswith").endsWith(affix(pattern, "endswith"));
      case IENDSWITH ->
          Py.lower(Py.str(value, "lower")).endsWith(Py.lower(Py.str(pattern, "lower")));
      case LESSTHAN -> Py.compare(value, pattern, "<") < 0;
      case GREATERTHAN -> Py.compare(value, pattern, ">") > 0;
      case TIMEDIFF_LT -> Py.compare(secondsSince(value, clock), pattern, "<") < 0;
      case TIMEDIFF_GT -> Py.compare(secondsSince(value, clock), pattern, ">") > 0;
      case EXISTS -> value != null;
      case NEXISTS -> value == null;
      case INSIDE -> Py.in(value, pattern);
      case NINSIDE -> !Py.in(value, pattern);
      case SEARCH -> throw new IllegalStateException("search is evaluated by Criteria");
    };
  }

  private static boolean icontains(Object value, Object pattern) {
    String needle = Py.lower(Py.str(pattern, "lower"));
    return Py.lower(Py.str(value, "lower")).contains(needle);
  }

  /** StackStorm parses the value with dateutil; a value without an offset is UTC. */
  private static double secondsSince(Object value, Clock clock) {
    if (!(value instanceof CharSequence s)) {
      throw new PyError("Parser must be a string or character stream, not " + Py.typeName(value));
    }
    Instant target;
    try {
      target = DateTimes.parse(s.toString(), ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw new PyError(e.getMessage());
    }
    Duration d = Duration.between(target, clock.instant());
    return d.getSeconds() + d.getNano() / 1e9;
  }

  private static String path(Object v) {
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    throw new PyError("expected str, bytes or os.PathLike object, not " + Py.typeName(v));
  }

  private static String regexPattern(Object v) {
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    throw new PyError("first argument must be string or compiled pattern");
  }

  private static String subject(Object v) {
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    throw new PyError("expected string or bytes-like object, got '" + Py.typeName(v) + "'");
  }

  private static String affix(Object pattern, String method) {
    if (pattern instanceof CharSequence s) {
      return s.toString();
    }
    throw new PyError(method + " first arg must be str or a tuple of str, not "
        + Py.typeName(pattern));
  }
}
