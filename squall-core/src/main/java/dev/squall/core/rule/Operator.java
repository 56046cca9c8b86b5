package dev.squall.core.rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.lang3.StringUtils;

/**
 * The criteria operators StackStorm defines in {@code st2common/operators.py}, under every name
 * it accepts. Names are looked up case-insensitively, as StackStorm's {@code get_operator} does.
 *
 * <p>Note the two regex flavours: {@code regex} and {@code iregex} search anywhere in the value
 * ({@code re.search}); the older {@code matchregex} is anchored at the start only ({@code
 * re.match}, with DOTALL) — {@code matchregex "bar"} does not match {@code "foobar"}, {@code regex
 * "bar"} does.
 */
public enum Operator {
  MATCHWILDCARD("matchwildcard"),
  MATCHREGEX("matchregex"),
  REGEX("regex"),
  IREGEX("iregex"),
  EQUALS("equals", "eq"),
  NEQUALS("nequals", "neq"),
  IEQUALS("iequals", "ieq"),
  CONTAINS("contains"),
  ICONTAINS("icontains"),
  NCONTAINS("ncontains"),
  INCONTAINS("incontains"),
  STARTSWITH("startswith"),
  ISTARTSWITH("istartswith"),
  ENDSWITH("endswith"),
  IENDSWITH("iendswith"),
  LESSTHAN("lessthan", "lt"),
  GREATERTHAN("greaterthan", "gt"),
  TIMEDIFF_LT("timediff_lt", "td_lt"),
  TIMEDIFF_GT("timediff_gt", "td_gt"),
  EXISTS("exists"),
  NEXISTS("nexists"),
  INSIDE("inside", "in"),
  NINSIDE("ninside", "nin"),
  /** Applies nested criteria (keys {@code item.…}) to each element of a list; see {@link Criteria}. */
  SEARCH("search");

  private final List<String> names;

  Operator(String... names) {
    this.names = List.of(names);
  }

  /** The long name, as written in StackStorm's docs. */
  public String canonicalName() {
    return names.getFirst();
  }

  /** Every spelling StackStorm accepts for this operator, long name first. */
  public List<String> names() {
    return names;
  }

  /** Whether the operator ignores {@code pattern} (Squall lets these omit it; see RuleYaml). */
  public boolean ignoresPattern() {
    return this == EXISTS || this == NEXISTS;
  }

  public static Optional<Operator> lookup(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (Operator op : values()) {
      if (op.names.contains(lower)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  /** All accepted names, in StackStorm's order. */
  public static List<String> allNames() {
    List<String> all = new ArrayList<>();
    for (Operator op : values()) {
      all.addAll(op.names);
    }
    return List.copyOf(all);
  }

  /** The accepted name nearest to a misspelt one, for "did you mean" messages. */
  public static String closest(String name) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return allNames().stream()
        .min(Comparator.comparingInt((String n) -> levenshtein(n, lower)))
        .orElseThrow();
  }

  @SuppressWarnings("deprecation") // commons-text is not a dependency; this one is enough
  private static int levenshtein(String a, String b) {
    return StringUtils.getLevenshteinDistance(a, b);
  }
}
