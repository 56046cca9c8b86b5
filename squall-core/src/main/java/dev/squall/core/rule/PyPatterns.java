package dev.squall.core.rule;

import dev.squall.core.python.PythonRepr;
import dev.squall.core.regex.BoundedCharSequence;
import dev.squall.core.regex.PythonRegex;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code re} and {@code fnmatch} on Java's regex engine. Rule authors write Python
 * regexes, translated by {@link PythonRegex}; matching reads the subject through a
 * budget so that a catastrophic pattern fails the criterion instead of stalling the rules engine.
 */
final class PyPatterns {

  /** Character reads allowed per match: far above any sane rule, far below a stall. */
  private static final long BUDGET = 5_000_000L;

  private PyPatterns() {}

  /** {@code re.search} (unanchored) or {@code re.match} (anchored at the start only). */
  static boolean regex(String pattern, String value, boolean anchoredAtStart, int flags) {
    Pattern compiled;
    try {
      compiled = PythonRegex.compile(pattern, flags);
    } catch (IllegalArgumentException e) {
      throw new PyError("invalid regex " + PythonRepr.repr(pattern) + ": " + PythonRegex.reason(e));
    }
    Matcher m = compiled.matcher(new BoundedCharSequence(value, BUDGET));
    try {
      return anchoredAtStart ? m.lookingAt() : m.find();
    } catch (BoundedCharSequence.BudgetExceeded e) {
      throw new PyError("regex " + PythonRepr.repr(pattern) + " took too long on a value of "
          + value.length() + " characters");
    }
  }

  /** {@code fnmatch.fnmatch} on POSIX: case-sensitive, the whole string. */
  static boolean wildcard(String pattern, String value) {
    return Pattern.compile(fnmatchToRegex(pattern), Pattern.DOTALL).matcher(value).matches();
  }

  private static String fnmatchToRegex(String pat) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = pat.length();
    while (i < n) {
      char c = pat.charAt(i++);
      if (c == '*') {
        out.append(".*");
      } else if (c == '?') {
        out.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && pat.charAt(j) == '!') {
          j++;
        }
        if (j < n && pat.charAt(j) == ']') {
          j++;
        }
        while (j < n && pat.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          out.append("\\[");
        } else {
          String set = pat.substring(i, j).replace("\\", "\\\\").replace("[", "\\[")
              .replace("&", "\\&");
          i = j + 1;
          if (set.startsWith("!")) {
            set = "^" + set.substring(1);
          } else if (set.startsWith("^")) {
            set = "\\" + set;
          }
          out.append('[').append(set).append(']');
        }
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }
}
