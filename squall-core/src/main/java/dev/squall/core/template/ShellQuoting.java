package dev.squall.core.template;

/** POSIX shell quoting: the one way a value may enter a command line (DESIGN divergence 9). */
public final class ShellQuoting {

  private ShellQuoting() {}

  /**
   * Wraps {@code value} in single quotes, writing each embedded {@code '} as {@code '\''}. Inside
   * single quotes a POSIX shell expands nothing ({@code $}, backticks, {@code ;}, globs), so the
   * result is always exactly one word with the value's text.
   */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
