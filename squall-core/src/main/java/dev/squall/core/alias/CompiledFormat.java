package dev.squall.core.alias;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.regex.BoundedCharSequence;
import dev.squall.core.regex.PythonRegex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One alias format compiled once, ready to parse any number of commands (spec §2.3). Immutable
 * and thread-safe. Obtain one from {@link AliasFormatParser#compile(String)}.
 *
 * <p>Every parameter value is a string; casting to the action's types is {@link AliasParameters}'
 * job. A parameter whose captured text is only whitespace has no value (DESIGN.md divergence 3):
 * its default applies, or it is left out of the result. Keys never map to null.
 */
public final class CompiledFormat {

  /**
   * Python's {@code re.DOTALL} on str patterns: Unicode classes, and {@code $} before a final
   * {@code \n} only (Java would also accept \r, U+2028… without UNIX_LINES).
   */
  static final int FLAGS = Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;

  private static final String KEY = "\\s*(\\S+?)\\s*";
  private static final String EXT_VALUE = "\"\"|''|\"(.+?)\"|'(.+?)'|(\\{.+?\\})|(.+?)";
  private static final String OPTIONAL = "\\{\\{" + KEY + "\\s*=\\s*(?:" + EXT_VALUE + ")\\s*\\}\\}";
  private static final String REQUIRED = "\\{\\{" + KEY + "\\}\\}";
  // st2 finds defaults with DOTALL but substitutes placeholders without it; kept as upstream.
  private static final Pattern OPTIONAL_FIND = Pattern.compile(OPTIONAL, FLAGS);
  private static final Pattern OPTIONAL_SUB =
      Pattern.compile("(\\s*)" + OPTIONAL, Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern REQUIRED_SUB =
      Pattern.compile("(\\s*)" + REQUIRED, Pattern.UNICODE_CHARACTER_CLASS);
  /** Python regex text of one placeholder; the quote lookbehinds strip surrounding quotes. */
  private static final String PARAM_MATCH =
      "[\"']?(?P<%s>(?:(?<=').+?(?=')|(?<=\").+?(?=\")|{.+?}|.+?))[\"']?";
  private static final Pattern LEADING_SPACE = Pattern.compile("\\s*+", FLAGS);
  /** Inline flags such as (?i) or (?x:…) change what literal text means. */
  private static final Pattern INLINE_FLAGS = Pattern.compile("\\(\\?[aiLmsux-]");

  private final String format;
  private final Pattern pattern;
  private final List<String> groupNames;
  private final Map<String, String> defaults;
  private final String literalPrefix;
  private final String requiredLiteral;
  private final long stepBudget;

  private CompiledFormat(String format, Pattern pattern, List<String> groupNames,
      Map<String, String> defaults, String literalPrefix, String requiredLiteral, long stepBudget) {
    this.format = format;
    this.pattern = pattern;
    this.groupNames = groupNames;
    this.defaults = defaults;
    this.literalPrefix = literalPrefix;
    this.requiredLiteral = requiredLiteral;
    this.stepBudget = stepBudget;
  }

  /**
   * @throws IllegalArgumentException with the reason when the format is not a valid regex
   */
  static CompiledFormat compile(String format, long stepBudget) {
    String fmt = format == null ? "" : format;
    Map<String, String> defaults = new LinkedHashMap<>();
    Matcher opt = OPTIONAL_FIND.matcher(fmt);
    while (opt.find()) {
      String value = "";
      for (int g = 2; g <= 5; g++) {
        if (opt.group(g) != null) {
          value = opt.group(g);
          break;
        }
      }
      defaults.put(opt.group(1), value);
    }
    String py = substitute(OPTIONAL_SUB, fmt, true);
    py = substitute(REQUIRED_SUB, py, false);
    boolean begin = PythonRegex.hasAnchor(py, true);
    boolean end = PythonRegex.hasAnchor(py, false);
    String anchored = (begin ? "" : "^\\s*") + py + (end ? "" : "\\s*$");
    PythonRegex.Translated java = PythonRegex.toJava(anchored);
    Pattern compiled;
    try {
      compiled = Pattern.compile(java.pattern(), FLAGS);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(e.getDescription(), e);
    }
    return new CompiledFormat(fmt, compiled, java.groupNames(),
        Collections.unmodifiableMap(defaults), literalPrefix(fmt, begin),
        INLINE_FLAGS.matcher(fmt).find() ? "" : PythonRegex.requiredLiteral(py), stepBudget);
  }

  private static String substitute(Pattern placeholder, String text, boolean optional) {
    Matcher m = placeholder.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String param = m.group(1) + PARAM_MATCH.formatted(m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(optional ? "(?:" + param + ")?" : param));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The format string as written. */
  public String format() {
    return format;
  }

  /** Parameter names in the order they appear, placeholders and named groups alike. */
  public List<String> parameterNames() {
    return groupNames;
  }

  /**
   * Text every matching command starts with (after leading whitespace), or "" when the format
   * starts with a parameter or regex syntax, or can match anywhere. Used by the matcher's index,
   * so it must never be longer than the truth: it may only be shorter.
   */
  String literalPrefix() {
    return literalPrefix;
  }

  /** Text every matching command contains ("" when nothing is certain); see {@link #tryParse}. */
  String requiredLiteral() {
    return requiredLiteral;
  }

  /** Parses with no knowledge of the action's parameter names. */
  public Map<String, String> parse(String command) {
    return parse(command, null);
  }

  /**
   * Parses one command (StackStorm's {@code get_extracted_param_value}).
   *
   * @param knownParameters the action's parameter names, or null when unknown: a trailing
   *     {@code key=value} is a parameter only if its key is one of them
   * @throws BadRequestException {@code Command "…" doesn't match format string "…"}, {@code No
   *     value supplied and no default value found.}, or the bounded-regex error
   */
  public Map<String, String> parse(String command, Set<String> knownParameters) {
    String cmd = command == null ? "" : command;
    Attempt attempt = bounded(cmd, () -> attempt(cmd, knownParameters));
    if (attempt.parameters() == null) {
      throw new BadRequestException(attempt.error());
    }
    return attempt.parameters();
  }

  /**
   * Parses every non-overlapping match, left to right: one parameter set per execution of a
   * {@code match_multiple} format. Unlike StackStorm, no match at all is an error, not an empty
   * list.
   */
  public List<Map<String, String>> parseAll(String command, Set<String> knownParameters) {
    String cmd = command == null ? "" : command;
    return bounded(cmd, () -> {
      TrailingPairs.Split split = TrailingPairs.split(cmd, knownParameters, stepBudget);
      String stream = " " + split.rest() + " ";
      // one budget for the whole scan: find() restarts would otherwise multiply it
      Matcher m = pattern.matcher(new BoundedCharSequence(stream, stepBudget));
      List<Map<String, String>> results = new ArrayList<>();
      while (m.find()) {
        Attempt one = assemble(m, split, stream);
        if (one.parameters() == null) {
          throw new BadRequestException(one.error());
        }
        results.add(one.parameters());
      }
      if (results.isEmpty()) {
        throw new BadRequestException(noMatch(cmd));
      }
      return List.copyOf(results);
    });
  }

  /**
   * The parameters, or null when the command does not parse. Cheaper than {@link #parse} on a
   * miss (no exception), which is what the matcher mostly sees.
   *
   * @throws BadRequestException only for the bounded-regex error
   */
  Map<String, String> tryParse(String command, Set<String> knownParameters) {
    String cmd = command == null ? "" : command;
    if (!cmd.contains(requiredLiteral)) {
      return null; // the regex could not match: skip it
    }
    return parseOrNull(cmd, knownParameters);
  }

  /**
   * {@link #tryParse} with the trailing pairs already split off, so that a matcher trying many
   * formats on one command splits it once.
   */
  Map<String, String> tryParse(String command, TrailingPairs.Split split) {
    if (!command.contains(requiredLiteral)) {
      return null;
    }
    return parseOrNull(command, split);
  }

  /** {@link #tryParse(String, TrailingPairs.Split)} without the literal pre-check. */
  Map<String, String> parseOrNull(String command, TrailingPairs.Split split) {
    return bounded(command, () -> attempt(command, split)).parameters();
  }

  /** {@link #tryParse} without the literal pre-check (tests compare the two). */
  Map<String, String> parseOrNull(String command, Set<String> knownParameters) {
    String cmd = command == null ? "" : command;
    return bounded(cmd, () -> attempt(cmd, knownParameters)).parameters();
  }

  /** Whether the command parses; never throws for a plain mismatch. */
  boolean matches(String command, Set<String> knownParameters) {
    return tryParse(command, knownParameters) != null;
  }

  /** Either parameters or the parser's error message. */
  private record Attempt(Map<String, String> parameters, String error) {}

  private Attempt attempt(String cmd, Set<String> knownParameters) {
    return attempt(cmd, TrailingPairs.split(cmd, knownParameters, stepBudget));
  }

  private Attempt attempt(String cmd, TrailingPairs.Split split) {
    String stream = " " + split.rest() + " ";
    Matcher m = pattern.matcher(new BoundedCharSequence(stream, stepBudget));
    if (!m.find()) {
      return new Attempt(null, noMatch(cmd));
    }
    return assemble(m, split, stream);
  }

  private Attempt assemble(Matcher m, TrailingPairs.Split split, String stream) {
    Map<String, String> result = new LinkedHashMap<>();
    for (int g = 0; g < groupNames.size(); g++) {
      String value = m.group("g" + (g + 1));
      result.put(groupNames.get(g), value == null || isBlank(value) ? null : value);
    }
    defaults.forEach((name, value) -> {
      String captured = result.get(name);
      if (captured == null || captured.isEmpty()) {
        result.put(name, value);
      }
    });
    for (Map.Entry<String, String> pair : split.pairs()) {
      result.put(pair.getKey(), pair.getValue());
    }
    if (!format.isEmpty() && isBlank(stream)
        && result.values().stream().noneMatch(v -> v != null && !v.isEmpty())) {
      return new Attempt(null, "No value supplied and no default value found.");
    }
    result.values().removeIf(v -> v == null);
    return new Attempt(Collections.unmodifiableMap(result), null);
  }

  private <T> T bounded(String command, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (BoundedCharSequence.BudgetExceeded | StackOverflowError e) {
      // a deep recursion in java.util.regex is the same problem as a long backtrack
      throw new BadRequestException("Format string \"" + format
          + "\" took too long to match command \"" + abbreviate(command) + "\" (more than "
          + stepBudget + " regex steps); the format's regex backtracks too much: simplify it", e);
    }
  }

  private String noMatch(String command) {
    return "Command \"" + command + "\" doesn't match format string \"" + format + "\"";
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  static boolean isBlank(CharSequence text) {
    Matcher m = LEADING_SPACE.matcher(text);
    return m.lookingAt() && m.end() == text.length();
  }

  /** Length of the leading whitespace, as {@code \s} with Unicode classes defines it. */
  static int leadingSpace(CharSequence text) {
    Matcher m = LEADING_SPACE.matcher(text);
    m.lookingAt();
    return m.end();
  }

  // ---------------------------------------------------------------- index key

  private static final String META = "\\^$.|?*+()[]{}";

  /**
   * The literal text a format's matches must begin with. Only formats that StackStorm anchors
   * with {@code ^\s*} (or that start with {@code ^}/{@code \A}) qualify; any alternation or
   * inline flag gives up, since those can move or change the match.
   */
  private static String literalPrefix(String fmt, boolean hadBeginAnchor) {
    if (fmt.indexOf('|') >= 0 || INLINE_FLAGS.matcher(fmt).find()) {
      return "";
    }
    String text = fmt;
    if (hadBeginAnchor) {
      if (text.startsWith("^")) {
        text = text.substring(1);
      } else if (text.startsWith("\\A")) {
        text = text.substring(2);
      } else {
        return ""; // anchored somewhere else: the match can start anywhere
      }
      if (text.startsWith("\\s*") || text.startsWith("\\s+")) {
        text = text.substring(3);
      }
    }
    int i = 0;
    while (i < text.length() && META.indexOf(text.charAt(i)) < 0) {
      i++;
    }
    int end = i;
    if (i < text.length() && i > 0) {
      char stop = text.charAt(i);
      boolean quantifier = stop == '?' || stop == '*' || stop == '+'
          || (stop == '{' && PythonRegex.quantifierEnd(text, i) > 0);
      if (quantifier) {
        end = i - 1; // the character before a quantifier is optional or repeated
      }
    }
    String literal = text.substring(0, end);
    literal = literal.substring(leadingSpace(literal));
    int last = literal.length();
    while (last > 0 && isBlank(literal.substring(last - 1, last))) {
      last--;
    }
    return literal.substring(0, last);
  }
}
