package dev.squall.core.template;

import dev.squall.core.regex.BoundedCharSequence;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python {@code re} semantics on java.util.regex, for the {@code regex_*} filters: translates the
 * Python-only syntax ({@code (?P<name>…)}, {@code (?P=name)}, {@code \Z}, {@code \1} and
 * {@code \g<…>} in replacements), and bounds the work a pattern may do so that a pattern with
 * catastrophic backtracking cannot stall rendering (DESIGN divergence 10).
 */
final class PyRegex {

  /** Character reads allowed per match attempt; far beyond any sane pattern on chat-sized text. */
  static final long MAX_STEPS = 5_000_000;

  private PyRegex() {}

  static Pattern compile(String pythonPattern, boolean ignoreCase) {
    String javaPattern = pythonPattern
        .replace("(?P<", "(?<")
        .replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>")
        .replace("\\Z", "\\z");
    int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    return Pattern.compile(javaPattern, flags);
  }

  static Matcher matcher(Pattern pattern, String input) {
    return pattern.matcher(new BoundedCharSequence(input, MAX_STEPS,
        () -> new IllegalArgumentException("regular expression took too long on the value")));
  }

  /** Python's replacement syntax ({@code \1}, {@code \g<1>}, {@code \g<name>}) to Java's. */
  static String replacement(String python) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < python.length(); i++) {
      char c = python.charAt(i);
      if (c == '$') {
        out.append("\\$");
      } else if (c == '\\' && i + 1 < python.length()) {
        char n = python.charAt(++i);
        if (Character.isDigit(n)) {
          out.append('$').append(n);
        } else if (n == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<') {
          int end = python.indexOf('>', i);
          String ref = python.substring(i + 2, end);
          out.append(ref.chars().allMatch(Character::isDigit) ? "$" + ref : "${" + ref + "}");
          i = end;
        } else if (n == 'n') {
          out.append('\n');
        } else if (n == 't') {
          out.append('\t');
        } else if (n == '\\') {
          out.append("\\\\");
        } else {
          out.append("\\\\").append(n);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
