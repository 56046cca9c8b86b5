package dev.squall.core.regex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python {@code re} syntax seen from Java (spec §2.8), the one translator for everything users
 * write as Python regexes: alias formats, rule criteria and the {@code regex_*} template filters.
 *
 * <p>{@link #toJava} rewrites the pattern for {@link java.util.regex.Pattern}: {@code (?P<name>…)}
 * becomes a synthetic group ({@code g1}, …) because Java group names allow no underscore,
 * {@code (?P=name)} a back-reference to it, {@code \Z} becomes {@code \z}, and a bare {@code {}
 * that does not start a quantifier is escaped; {@link Translated#replacement} does the same for
 * Python's replacement syntax. For alias formats, {@link #hasAnchor} reproduces StackStorm's
 * anchor detection on the parsed regex (§2.3 step 3c, quirks included) and
 * {@link #requiredLiteral} finds text every match contains.
 */
public final class PythonRegex {

  /**
   * A Java pattern plus, in group order, the Python name behind each synthetic group.
   *
   * @param groupNames the name of group {@code g1}, {@code g2}, … at index 0, 1, …
   */
  public record Translated(String pattern, List<String> groupNames) {

    /**
     * Python's replacement syntax ({@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \n})
     * as {@link java.util.regex.Matcher#replaceAll(String)} reads it, names mapped to their
     * synthetic groups.
     *
     * @throws IllegalArgumentException for a {@code \g<name>} the pattern has no group for
     */
    public String replacement(String python) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < python.length(); i++) {
        char c = python.charAt(i);
        if (c == '$') {
          out.append("\\$");
        } else if (c == '\\' && i + 1 < python.length()) {
          char n = python.charAt(++i);
          int end = n == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<' ? python.indexOf('>', i) : -1;
          if (Character.isDigit(n)) {
            out.append('$').append(n);
          } else if (end > 0) {
            out.append('$').append(group(python.substring(i + 2, end)));
            i = end;
          } else if (n == 'n') {
            out.append('\n');
          } else if (n == 't') {
            out.append('\t');
          } else {
            out.append("\\\\");
            if (n != '\\') {
              out.append(n);
            }
          }
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    /** A group reference for Java: a number as it is, a Python name as its synthetic group. */
    private String group(String ref) {
      if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
        return ref;
      }
      int index = groupNames.indexOf(ref);
      if (index < 0) {
        throw new IllegalArgumentException("unknown group name '" + ref + "'");
      }
      return "{g" + (index + 1) + "}";
    }
  }

  private PythonRegex() {}

  /**
   * Compiles a Python pattern for Java.
   *
   * @throws IllegalArgumentException (a {@link PatternSyntaxException} among others) when Python
   *     or Java refuses the pattern; {@link #reason} says why
   */
  public static Pattern compile(String pythonPattern, int flags) {
    return Pattern.compile(toJava(pythonPattern).pattern(), flags);
  }

  /** Why {@link #compile} refused a pattern, without Java's copy of the pattern. */
  public static String reason(IllegalArgumentException refused) {
    return refused instanceof PatternSyntaxException syntax ? syntax.getDescription() : refused.getMessage();
  }

  // ---------------------------------------------------------------- anchor detection

  private sealed interface Item permits Anchor, Group, Other {}

  private record Anchor(boolean begin) implements Item {}

  /** A group; {@code searched} is false for lookarounds, atomic groups and conditionals. */
  private record Group(List<List<Item>> alternatives, boolean searched, boolean quantified)
      implements Item {}

  private record Other() implements Item {}

  /**
   * Whether StackStorm's {@code search_regex_tokens} finds a begin ({@code ^}, {@code \A}) or end
   * ({@code $}, {@code \Z}) anchor: the top level and plain unquantified groups are searched,
   * quantified groups and lookarounds are not, and of an alternation only the second branch is.
   */
  public static boolean hasAnchor(String pythonPattern, boolean begin) {
    Parser p = new Parser(pythonPattern);
    List<List<Item>> top = p.alternation();
    return search(top, begin);
  }

  private static boolean search(List<List<Item>> alternatives, boolean begin) {
    // sre_parse keeps an alternation as one BRANCH token; st2 only looks at alternative #2.
    List<Item> sequence = alternatives.size() > 1 ? alternatives.get(1) : alternatives.get(0);
    for (Item item : sequence) {
      if (item instanceof Anchor a && a.begin() == begin) {
        return true;
      }
      if (item instanceof Group g && g.searched() && !g.quantified() && search(g.alternatives(), begin)) {
        return true;
      }
    }
    return false;
  }

  /** A forgiving structural parser: it only needs groups, alternation, anchors and quantifiers. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    List<List<Item>> alternation() {
      List<List<Item>> alternatives = new ArrayList<>();
      List<Item> current = new ArrayList<>();
      alternatives.add(current);
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == ')') {
          return alternatives;
        }
        if (c == '|') {
          i++;
          current = new ArrayList<>();
          alternatives.add(current);
          continue;
        }
        Item item = atom();
        if (item == null) {
          continue;
        }
        if (quantifier()) {
          item = item instanceof Group g ? new Group(g.alternatives(), g.searched(), true) : new Other();
        }
        current.add(item);
      }
      return alternatives;
    }

    /** Reads one atom; null for things that are not tokens (comments, flags-only groups). */
    private Item atom() {
      char c = s.charAt(i);
      switch (c) {
        case '^' -> {
          i++;
          return new Anchor(true);
        }
        case '$' -> {
          i++;
          return new Anchor(false);
        }
        case '\\' -> {
          char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
          i += 2;
          if (next == 'A') {
            return new Anchor(true);
          }
          if (next == 'Z') {
            return new Anchor(false);
          }
          return new Other();
        }
        case '[' -> {
          skipClass();
          return new Other();
        }
        case '(' -> {
          return group();
        }
        default -> {
          i++;
          return new Other();
        }
      }
    }

    private Item group() {
      i++; // (
      boolean searched = true;
      if (s.startsWith("?", i)) {
        if (s.startsWith("?#", i)) {
          int end = s.indexOf(')', i);
          i = end < 0 ? s.length() : end + 1;
          return null;
        }
        if (s.startsWith("?P<", i)) {
          int end = s.indexOf('>', i);
          i = end < 0 ? s.length() : end + 1;
        } else if (s.startsWith("?P=", i)) {
          int end = s.indexOf(')', i);
          i = end < 0 ? s.length() : end + 1;
          return new Other();
        } else if (s.startsWith("?:", i)) {
          i += 2;
        } else if (s.startsWith("?=", i) || s.startsWith("?!", i) || s.startsWith("?>", i)
            || s.startsWith("?(", i)) {
          i += 2;
          searched = false;
        } else if (s.startsWith("?<=", i) || s.startsWith("?<!", i)) {
          i += 3;
          searched = false;
        } else {
          // inline flags: "(?i)" sets flags (no token); "(?i:...)" is a plain group
          int j = i + 1;
          while (j < s.length() && Character.isLetter(s.charAt(j)) || j < s.length() && s.charAt(j) == '-') {
            j++;
          }
          if (j < s.length() && s.charAt(j) == ')') {
            i = j + 1;
            return null;
          }
          i = j < s.length() && s.charAt(j) == ':' ? j + 1 : j;
        }
      }
      List<List<Item>> inner = alternation();
      if (i < s.length()) {
        i++; // )
      }
      return new Group(inner, searched, false);
    }

    private void skipClass() {
      i++; // [
      if (i < s.length() && s.charAt(i) == '^') {
        i++;
      }
      if (i < s.length() && s.charAt(i) == ']') {
        i++;
      }
      while (i < s.length() && s.charAt(i) != ']') {
        i += s.charAt(i) == '\\' ? 2 : 1;
      }
      i++;
    }

    private boolean quantifier() {
      if (i >= s.length()) {
        return false;
      }
      char c = s.charAt(i);
      int end;
      if (c == '*' || c == '+' || c == '?') {
        end = i + 1;
      } else if (c == '{' && (end = quantifierEnd(s, i)) > 0) {
        // end set by quantifierEnd
      } else {
        return false;
      }
      i = end;
      if (i < s.length() && (s.charAt(i) == '?' || s.charAt(i) == '+')) {
        i++;
      }
      return true;
    }
  }

  /**
   * If a Python quantifier {@code {m}}, {@code {m,}}, {@code {,n}}, {@code {m,n}} or {@code {,}}
   * starts at {@code at}, the index just past its {@code }}; otherwise -1 (the brace is literal).
   */
  public static int quantifierEnd(String s, int at) {
    int j = at + 1;
    int loStart = j;
    while (j < s.length() && isAsciiDigit(s.charAt(j))) {
      j++;
    }
    boolean hasLo = j > loStart;
    boolean comma = j < s.length() && s.charAt(j) == ',';
    if (comma) {
      j++;
      while (j < s.length() && isAsciiDigit(s.charAt(j))) {
        j++;
      }
    }
    if (j >= s.length() || s.charAt(j) != '}' || (!hasLo && !comma)) {
      return -1;
    }
    return j + 1;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---------------------------------------------------------------- required literal text

  /**
   * The longest run of plain characters that every match of the pattern contains, or "" when
   * none is certain. Only the top level counts (groups may be optional or repeated, and a
   * top-level alternation makes nothing certain); a character followed by a quantifier is not
   * part of a run. Used as a cheap {@code contains} test before running the regex.
   */
  public static String requiredLiteral(String py) {
    String best = "";
    StringBuilder run = new StringBuilder();
    int depth = 0;
    int i = 0;
    while (i < py.length()) {
      char c = py.charAt(i);
      if (c == '\\') {
        best = longer(best, run);
        i += 2;
        continue;
      }
      if (c == '[') {
        best = longer(best, run);
        i = skipClassAt(py, i);
        continue;
      }
      if (c == '(') {
        best = longer(best, run);
        depth++;
        i++;
        continue;
      }
      if (c == ')') {
        depth = Math.max(0, depth - 1);
        i++;
        continue;
      }
      if (depth > 0) {
        i++;
        continue;
      }
      if (c == '|') {
        return "";
      }
      int braces = c == '{' ? quantifierEnd(py, i) : -1;
      boolean quantifier = c == '?' || c == '*' || c == '+' || braces > 0;
      if (quantifier && !run.isEmpty()) {
        run.setLength(run.length() - 1); // that character is optional or repeated
      }
      if (quantifier || c == '.' || c == '^' || c == '$' || c == '{' || c == '}') {
        best = longer(best, run);
        i = braces > 0 ? braces : i + 1;
        continue;
      }
      run.append(c);
      i++;
    }
    return longer(best, run);
  }

  /** Keeps the longer of best and the run (trimmed: edge spaces may be the parser's padding). */
  private static String longer(String best, StringBuilder run) {
    String candidate = run.toString().strip();
    run.setLength(0);
    return candidate.length() > best.length() ? candidate : best;
  }

  private static int skipClassAt(String s, int i) {
    int j = i + 1;
    if (j < s.length() && s.charAt(j) == '^') {
      j++;
    }
    if (j < s.length() && s.charAt(j) == ']') {
      j++;
    }
    while (j < s.length() && s.charAt(j) != ']') {
      j += s.charAt(j) == '\\' ? 2 : 1;
    }
    return j + 1;
  }

  // ---------------------------------------------------------------- translation to Java

  /**
   * Rewrites a Python pattern for Java.
   *
   * @throws IllegalArgumentException with Python's wording when a group name is invalid or
   *     defined twice (Python refuses those patterns too)
   */
  public static Translated toJava(String py) {
    StringBuilder out = new StringBuilder(py.length() + 16);
    List<String> names = new ArrayList<>();
    Map<String, Integer> byName = new HashMap<>();
    int i = 0;
    while (i < py.length()) {
      char c = py.charAt(i);
      switch (c) {
        case '\\' -> i = escape(py, i, out);
        case '[' -> i = charClass(py, i, out);
        case '{' -> {
          int end = quantifierEnd(py, i);
          if (end < 0) {
            out.append("\\{");
            i++;
          } else {
            String body = py.substring(i + 1, end - 1);
            out.append('{').append(body.startsWith(",") ? "0" + body : body).append('}');
            i = end;
          }
        }
        case '(' -> {
          if (py.startsWith("(?P<", i) || isJavaNamedGroup(py, i)) {
            int nameStart = py.indexOf('<', i) + 1;
            int nameEnd = py.indexOf('>', nameStart);
            if (nameEnd < 0) {
              throw new IllegalArgumentException("missing >, unterminated name at position " + i);
            }
            String name = py.substring(nameStart, nameEnd);
            if (!isIdentifier(name)) {
              throw new IllegalArgumentException("bad character in group name '" + name + "'");
            }
            if (byName.containsKey(name)) {
              throw new IllegalArgumentException("redefinition of group name '" + name + "'");
            }
            names.add(name);
            byName.put(name, names.size());
            out.append("(?<g").append(names.size()).append('>');
            i = nameEnd + 1;
          } else if (py.startsWith("(?P=", i)) {
            int end = py.indexOf(')', i);
            String name = end < 0 ? "" : py.substring(i + 4, end);
            Integer n = byName.get(name);
            if (n == null) {
              throw new IllegalArgumentException("unknown group name '" + name + "'");
            }
            out.append("\\k<g").append(n).append('>');
            i = end + 1;
          } else if (py.startsWith("(?#", i)) {
            int end = py.indexOf(')', i);
            i = end < 0 ? py.length() : end + 1; // Java has no comment groups
          } else {
            out.append(c);
            i++;
          }
        }
        default -> {
          out.append(c);
          i++;
        }
      }
    }
    return new Translated(out.toString(), List.copyOf(names));
  }

  private static boolean isJavaNamedGroup(String py, int i) {
    return py.startsWith("(?<", i) && !py.startsWith("(?<=", i) && !py.startsWith("(?<!", i);
  }

  private static int escape(String py, int i, StringBuilder out) {
    if (i + 1 >= py.length()) {
      throw new IllegalArgumentException("bad escape (end of pattern) at position " + i);
    }
    char e = py.charAt(i + 1);
    switch (e) {
      case 'Z' -> out.append("\\z");
      case 'U' -> {
        // Python \UXXXXXXXX; Java spells a full code point \x{...}
        if (i + 10 > py.length()) {
          throw new IllegalArgumentException("incomplete escape \\U at position " + i);
        }
        out.append("\\x{").append(py, i + 2, i + 10).append('}');
        return i + 10;
      }
      case '0' -> {
        // Python "\0" is NUL (plus up to two more octal digits); Java needs "\0" + digits
        int j = i + 2;
        while (j < py.length() && j < i + 4 && py.charAt(j) >= '0' && py.charAt(j) <= '7') {
          j++;
        }
        int value = j == i + 2 ? 0 : Integer.parseInt(py.substring(i + 2, j), 8);
        out.append(String.format("\\x{%x}", value));
        return j;
      }
      default -> out.append('\\').append(e);
    }
    return i + 2;
  }

  /** Copies a character class, escaping what Java reads as syntax but Python as literals. */
  private static int charClass(String py, int i, StringBuilder out) {
    out.append('[');
    int j = i + 1;
    if (j < py.length() && py.charAt(j) == '^') {
      out.append('^');
      j++;
    }
    if (j < py.length() && py.charAt(j) == ']') {
      out.append("\\]"); // Python: a leading ']' is a literal
      j++;
    }
    while (j < py.length() && py.charAt(j) != ']') {
      char c = py.charAt(j);
      if (c == '\\') {
        j = escape(py, j, out);
        continue;
      }
      if (c == '[' || c == '&' || c == '{' || c == '}') {
        out.append('\\'); // Java: nested class, intersection; Python: literals
      }
      out.append(c);
      j++;
    }
    if (j >= py.length()) {
      throw new IllegalArgumentException("unterminated character set at position " + i);
    }
    out.append(']');
    return j + 1;
  }

  static boolean isIdentifier(String name) {
    if (name.isEmpty()) {
      return false;
    }
    int first = name.codePointAt(0);
    if (!(Character.isLetter(first) || first == '_')) {
      return false;
    }
    return name.codePoints().skip(1).allMatch(cp -> Character.isLetterOrDigit(cp) || cp == '_');
  }
}
