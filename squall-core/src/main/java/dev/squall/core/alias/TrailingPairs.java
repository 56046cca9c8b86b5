package dev.squall.core.alias;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.regex.BoundedCharSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step 1 of StackStorm's parser (spec §2.3): the run of {@code key=value} pairs that ends a
 * command is taken off and becomes parameters that override everything else.
 *
 * <p>Two deliberate divergences (DESIGN.md 1 and 2): a key must look like a parameter name, and
 * when the action's parameter names are known it must be one of them, so
 * {@code bar https://x/api?some=url} keeps its URL; and only the trailing run is removed, not every
 * identical earlier occurrence.
 */
final class TrailingPairs {

  /** What is left of the command, and the pairs in command order. */
  record Split(String rest, List<Map.Entry<String, String>> pairs) {}

  private static final String KEY = "([A-Za-z_][A-Za-z0-9_.-]*+)";
  private static final String VALUE = "(\"\"|''|\"(.+?)\"|'(.+?)'|(\\{.+?\\})|(\\S+))";
  // StackStorm: (?:^|\s+)\s*(\S+?)\s*=(VALUE). The whitespace is matched possessively here: it
  // never changes which pairs are found, and it removes the exponential ways of splitting runs of
  // spaces between pairs that Python's version has.
  private static final String PAIR = "(?:^\\s*+|\\s++)" + KEY + "\\s*+=" + VALUE;
  private static final int FLAGS = CompiledFormat.FLAGS;
  private static final Pattern PAIR_PATTERN = Pattern.compile(PAIR, FLAGS);
  /** The earliest position from which pairs run to the end of the command. */
  private static final Pattern ENDING = Pattern.compile(".*?((?:" + PAIR + ")+\\s*)?$", FLAGS);

  private TrailingPairs() {}

  /**
   * @param knownParameters the action's parameter names, or null when they are not known
   * @throws BoundedCharSequence.BudgetExceeded when the command is hostile enough to exhaust it
   */
  static Split split(String command, Set<String> knownParameters, long budget) {
    if (command.indexOf('=') < 0) {
      return new Split(command, List.of());
    }
    Matcher ending = ENDING.matcher(new BoundedCharSequence(command, budget));
    if (!ending.matches() || ending.group(1) == null) {
      return new Split(command, List.of());
    }
    int runStart = ending.start(1);
    String run = command.substring(runStart);
    Matcher pair = PAIR_PATTERN.matcher(new BoundedCharSequence(run, budget));
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    int keptFrom = -1;
    while (pair.find()) {
      String key = pair.group(1);
      if (knownParameters != null && !knownParameters.contains(key)) {
        // an unknown key ends the run: it and everything before it stays in the command
        pairs.clear();
        keptFrom = -1;
        continue;
      }
      if (keptFrom < 0) {
        keptFrom = pair.start();
      }
      pairs.add(Map.entry(key, valueOf(pair)));
    }
    if (pairs.isEmpty()) {
      return new Split(command, List.of());
    }
    return new Split(command.substring(0, runStart + keptFrom), List.copyOf(pairs));
  }

  /**
   * {@link #split} for a caller outside a format's bounded run.
   *
   * @throws BadRequestException when the command exhausts the budget
   */
  static Split splitOrReject(String command, Set<String> knownParameters, long budget) {
    try {
      return split(command, knownParameters, budget);
    } catch (BoundedCharSequence.BudgetExceeded | StackOverflowError e) {
      throw new BadRequestException("Command \"" + (command.length() > 200
          ? command.substring(0, 200) + "…" : command)
          + "\" took too long to split into key=value pairs; shorten it", e);
    }
  }

  private static String valueOf(Matcher pair) {
    for (int g = 3; g <= 6; g++) {
      if (pair.group(g) != null) {
        return pair.group(g);
      }
    }
    return ""; // "" or ''
  }
}
