package dev.squall.engine.packs;

import java.util.ArrayList;
import java.util.List;

/**
 * Versions and version requirements as pack metadata writes them: {@code 1.2.3}, and
 * requirements such as {@code >=3.0.0}, {@code >2.9,<4}, {@code ==1.0.0} or a bare version
 * (exactly that one). Missing numbers count as 0, a leading {@code v} is ignored.
 */
public final class PackVersion {

  /** The StackStorm release whose API and pack format Squall implements. */
  public static final String STACKSTORM = "3.9.0";

  private PackVersion() {}

  /** Whether {@code version} meets every comma-separated clause of {@code requirement}. */
  public static boolean satisfies(String version, String requirement) {
    if (requirement == null || requirement.isBlank()) {
      return true;
    }
    for (String clause : requirement.split(",")) {
      String c = clause.strip();
      String op = c.replaceAll("^([^\\dv]*).*$", "$1").strip();
      int cmp = compare(version, c.substring(op.length()).strip());
      boolean ok = switch (op) {
        case ">=" -> cmp >= 0;
        case ">" -> cmp > 0;
        case "<=" -> cmp <= 0;
        case "<" -> cmp < 0;
        case "!=" -> cmp != 0;
        case "", "=", "==" -> cmp == 0;
        default -> throw new IllegalArgumentException("unknown version operator \"" + op
            + "\" in \"" + requirement + "\"");
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Compares two versions number by number. */
  public static int compare(String a, String b) {
    List<Integer> x = numbers(a);
    List<Integer> y = numbers(b);
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      int c = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static List<Integer> numbers(String v) {
    List<Integer> out = new ArrayList<>();
    String s = v.strip().startsWith("v") ? v.strip().substring(1) : v.strip();
    for (String part : s.split("[.+-]")) {
      String digits = part.replaceAll("^(\\d*).*$", "$1");
      if (digits.isEmpty()) {
        break;
      }
      out.add(Integer.parseInt(digits));
    }
    return out;
  }
}
