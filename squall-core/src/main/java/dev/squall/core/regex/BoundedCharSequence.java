package dev.squall.core.regex;

import java.util.function.Supplier;

/**
 * The text a user-written regex runs over, counting every character the regex engine reads.
 *
 * <p>{@link java.util.regex.Pattern} cannot be interrupted, but every step it takes reads the input
 * through {@link #charAt}. Counting those reads bounds the work of one match, so a pattern such as
 * {@code (a+)+b} in an alias format, a rule criterion or a template filter cannot stall a thread
 * (DESIGN.md divergence 10). A step count, unlike a clock, gives the same answer on a loaded machine
 * as on an idle one. One instance serves one regex run on one thread; the sequences it hands out
 * share its count.
 */
public final class BoundedCharSequence implements CharSequence {

  /** Thrown when the budget is spent; callers turn it into a user-facing error. */
  public static final class BudgetExceeded extends RuntimeException {
    public BudgetExceeded() {
      super("regex step budget exceeded", null, false, false);
    }
  }

  private final CharSequence text;
  private final long[] left;
  private final Supplier<? extends RuntimeException> whenSpent;

  /** Throws {@link BudgetExceeded} once {@code budget} reads are spent. */
  public BoundedCharSequence(CharSequence text, long budget) {
    this(text, budget, BudgetExceeded::new);
  }

  /** Throws what {@code whenSpent} makes once {@code budget} reads are spent. */
  public BoundedCharSequence(CharSequence text, long budget, Supplier<? extends RuntimeException> whenSpent) {
    this(text, new long[] {budget}, whenSpent);
  }

  private BoundedCharSequence(CharSequence text, long[] left, Supplier<? extends RuntimeException> whenSpent) {
    this.text = text;
    this.left = left;
    this.whenSpent = whenSpent;
  }

  @Override
  public char charAt(int index) {
    if (--left[0] < 0) {
      throw whenSpent.get();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedCharSequence(text.subSequence(start, end), left, whenSpent);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
