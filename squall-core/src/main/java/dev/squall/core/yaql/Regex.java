package dev.squall.core.yaql;

import dev.squall.core.regex.PythonRegex;
import java.util.regex.Pattern;

/** What {@code regex(pattern)} returns: the Python pattern and its Java translation. */
record Regex(String source, Pattern pattern) {

  static Regex of(String python, int flags) {
    return new Regex(python, Operators.compile(python, flags));
  }

  static Regex of(Object patternOrRegex) {
    return patternOrRegex instanceof Regex r ? r : of(Values.toStr(patternOrRegex, "A regular expression"), 0);
  }

  /** Python's replacement syntax ({@code \1}, {@code \g<name>}) for Matcher. */
  String replacement(String python) {
    return PythonRegex.toJava(source).replacement(python);
  }

  @Override
  public String toString() {
    return "re.compile(" + dev.squall.core.python.PythonRepr.repr(source) + ")";
  }
}
