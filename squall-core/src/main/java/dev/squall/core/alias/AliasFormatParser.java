package dev.squall.core.alias;

import dev.squall.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * StackStorm's {@code ActionAliasFormatParser} (spec §2.3): a format string is an unescaped,
 * case-sensitive, DOTALL regex with {@code {{param}}} and {@code {{param=default}}} placeholders,
 * anchored {@code ^\s*…\s*$} unless it has its own anchors; trailing {@code key=value} pairs
 * override everything. DESIGN.md divergences 1–3 and 10 apply (see {@link CompiledFormat}).
 *
 * <p>These entry points compile the format on every call; hold a {@link CompiledFormat} (or use
 * {@link AliasMatcher}) to parse many commands.
 */
public final class AliasFormatParser {

  /**
   * Characters the regex engine may read for one command against one format. Ordinary formats
   * need a few hundred to a few thousand; catastrophic backtracking needs billions.
   */
  public static final long DEFAULT_STEP_BUDGET = 1_000_000;

  private AliasFormatParser() {}

  /**
   * @throws BadRequestException {@code Invalid format string "…": <reason>} when the format is
   *     not a valid regex (a bad or repeated parameter name, an unbalanced parenthesis…)
   */
  public static CompiledFormat compile(String format) {
    return compile(format, DEFAULT_STEP_BUDGET);
  }

  public static CompiledFormat compile(String format, long stepBudget) {
    try {
      return CompiledFormat.compile(format, stepBudget);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Invalid format string \"" + format + "\": " + e.getMessage(), e);
    }
  }

  public static Map<String, String> parse(String format, String command) {
    return compile(format).parse(command, null);
  }

  /** @see CompiledFormat#parse(String, Set) */
  public static Map<String, String> parse(
      String format, String command, Set<String> knownParameters) {
    return compile(format).parse(command, knownParameters);
  }

  /** @see CompiledFormat#parseAll(String, Set) */
  public static List<Map<String, String>> parseMultiple(
      String format, String command, Set<String> knownParameters) {
    return compile(format).parseAll(command, knownParameters);
  }

  /**
   * StackStorm's pack test helper {@code assertCommandMatchesExactlyOneFormatString}: the one
   * format of the list that parses the command.
   *
   * @throws BadRequestException {@code Command "…" matched multiple format strings: a, b} or
   *     {@code Command "…" didn't match any of the provided format strings}
   */
  public static String requireExactlyOneMatch(List<String> formats, String command) {
    List<String> matched = new ArrayList<>();
    for (String format : formats) {
      if (compile(format).matches(command, null)) {
        matched.add(format);
      }
    }
    if (matched.size() > 1) {
      throw new BadRequestException("Command \"" + command + "\" matched multiple format strings: "
          + String.join(", ", matched));
    }
    if (matched.isEmpty()) {
      throw new BadRequestException(
          "Command \"" + command + "\" didn't match any of the provided format strings");
    }
    return matched.get(0);
  }
}
