package dev.squall.core.alias;

/**
 * The text a user-written regex runs over, counting every character the regex engine reads.
 *
 * <p>{@link java.util.regex.Pattern} cannot be interrupted, but every step it takes reads the input
 * through {@link #charAt}. Counting those reads bounds the work of one match, so a format such as
 * {@code (a+)+b} cannot stall a thread (DESIGN.md divergence 10). A step count, unlike a clock,
 * gives the same answer on a loaded machine as on an idle one. One instance serves one regex run
 * on one thread.
 */
final class BoundedCharSequence implements CharSequence {

  /** Thrown when the budget is spent; callers turn it into a user-facing error. */
  static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super("regex step budget exceeded", null, false, false);
    }
  }

  private final CharSequence text;
  private final long budget;
  private long steps;

  BoundedCharSequence(CharSequence text, long budget) {
    this.text = text;
    this.budget = budget;
  }

  @Override
  public char charAt(int index) {
    if (++steps > budget) {
      throw new BudgetExceeded();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
