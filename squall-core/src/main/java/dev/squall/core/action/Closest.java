package dev.squall.core.action;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" lookups: the candidate with the smallest edit distance, if it is close enough to
 * be a plausible typo (at most a third of the longer name, at least 2 edits allowed).
 */
public final class Closest {

  private Closest() {}

  public static Optional<String> of(String wrong, Collection<String> candidates) {
    if (wrong == null || candidates.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = wrong.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance || (d == bestDistance && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, Math.max(wrong.length(), best.length()) / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** The candidate with the smallest edit distance, however far; empty only without candidates. */
  public static Optional<String> nearest(String wrong, Collection<String> candidates) {
    String w = wrong == null ? "" : wrong.toLowerCase(Locale.ROOT);
    return candidates.stream()
        .min(java.util.Comparator.<String>comparingInt(c -> distance(w, c.toLowerCase(Locale.ROOT)))
            .thenComparing(java.util.Comparator.naturalOrder()));
  }

  /** Levenshtein distance (insert, delete, substitute), two rows. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
