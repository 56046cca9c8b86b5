package dev.squall.core.template;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Puts the values of a shell template into its rendered text, each escaped for the shell quoting
 * context it lands in. While rendering, every {@code {{ expr }}} emits a placeholder; afterwards
 * this scans the finished command line as a POSIX shell would (quotes, backslashes, {@code $( )}
 * and backticks, comments) and replaces each placeholder:
 * <ul>
 *   <li>unquoted: {@code 'value'} with each {@code '} written {@code '\''};
 *   <li>inside {@code '…'}: the value with each {@code '} written {@code '\''};
 *   <li>inside {@code "…"}: the value with {@code \ " $ `} backslash-escaped;
 *   <li>inside a {@code #} comment: the value with line breaks turned into spaces.
 * </ul>
 * So {@code echo "{{ name }}"} and {@code echo {{ name }}} both print the name exactly, and no
 * value can end a quote, a comment or a command. A raw slot ({@code |safe}, or a value the caller
 * trusts as author-written) is inserted as shell text and scanned like the rest of the template.
 * Not understood: here-documents ({@code <<EOF}); a value inside one is quoted as if unquoted.
 *
 * <p>Placeholders carry a per-rendering random nonce, so a value cannot forge one.
 */
final class ShellSubstitution {

  private static final char MARK = '\u0000';

  private final String prefix;

  /** One substituted value; {@code raw} means it is shell text, not a word to protect. */
  record Slot(String text, boolean raw) {}

  private enum State { UNQUOTED, SINGLE, DOUBLE, COMMENT }

  ShellSubstitution(long nonce) {
    this.prefix = MARK + Long.toHexString(nonce) + ":";
  }

  String marker(int index) {
    return prefix + index + MARK;
  }

  /** The slot index of the placeholder starting at {@code i}, or -1 if there is none. */
  private int slotAt(String text, int i) {
    if (!text.startsWith(prefix, i)) {
      return -1;
    }
    int end = text.indexOf(MARK, i + prefix.length());
    return end < 0 ? -1 : Integer.parseInt(text.substring(i + prefix.length(), end));
  }

  private int slotEnd(String text, int i) {
    return text.indexOf(MARK, i + prefix.length());
  }

  /** Template text must not forge placeholders; a command line cannot contain NUL anyway. */
  static String stripMarkers(String template) {
    return template.indexOf(MARK) < 0 ? template : template.replace(String.valueOf(MARK), "");
  }

  String apply(String rendered, List<Slot> slots) {
    StringBuilder out = new StringBuilder(rendered.length() + 16);
    Deque<Character> substitutions = new ArrayDeque<>(); // closers of enclosing $( ) / ` `
    Deque<State> outer = new ArrayDeque<>();
    State state = State.UNQUOTED;
    boolean escaped = false; // the previous character was an escaping backslash
    String text = rendered;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int index = c == MARK ? slotAt(text, i) : -1;
      if (index >= 0) {
        int end = slotEnd(text, i);
        Slot slot = slots.get(index);
        if (slot.raw()) {
          // Author-written shell text: splice it in and keep scanning through it.
          text = text.substring(0, i) + slot.text() + text.substring(end + 1);
          continue;
        }
        String value = expand(slot.text(), slots);
        if (escaped && !value.isEmpty()) {
          // "\{{ x }}": the backslash escapes the value's first character, as in plain rendering.
          out.append(value.charAt(0));
          value = value.substring(1);
          escaped = false;
        }
        if (!escaped) {
          out.append(escape(value, state));
        }
        i = end + 1;
        continue;
      }
      out.append(c);
      i++;
      if (escaped) {
        escaped = false;
        continue;
      }
      switch (state) {
        case UNQUOTED -> {
          if (c == '\\') {
            escaped = true;
          } else if (c == '\'') {
            state = State.SINGLE;
          } else if (c == '"') {
            state = State.DOUBLE;
          } else if (c == '#' && wordStart(out, out.length() - 1)) {
            state = State.COMMENT;
          } else if (c == '$' && i < text.length() && text.charAt(i) == '(') {
            out.append(text.charAt(i++));
            outer.push(state);
            substitutions.push(')');
          } else if (c == '`' && !substitutions.isEmpty() && substitutions.peek() == '`') {
            substitutions.pop();
            state = outer.pop();
          } else if (c == '`') {
            outer.push(state);
            substitutions.push('`');
          } else if (c == ')' && !substitutions.isEmpty() && substitutions.peek() == ')') {
            substitutions.pop();
            state = outer.pop();
          }
        }
        case SINGLE -> {
          if (c == '\'') {
            state = State.UNQUOTED;
          }
        }
        case DOUBLE -> {
          if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            state = State.UNQUOTED;
          } else if (c == '$' && i < text.length() && text.charAt(i) == '(') {
            out.append(text.charAt(i++));
            outer.push(state);
            substitutions.push(')');
            state = State.UNQUOTED;
          } else if (c == '`') {
            outer.push(state);
            substitutions.push('`');
            state = State.UNQUOTED;
          }
        }
        case COMMENT -> {
          if (c == '\n') {
            state = State.UNQUOTED;
          }
        }
      }
    }
    return out.toString();
  }

  /** A value's own text, with placeholders of values nested in it (macro output) filled in. */
  private String expand(String text, List<Slot> slots) {
    if (text.indexOf(prefix) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf(prefix, i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      int index = slotAt(text, start);
      if (index < 0) {
        out.append(MARK);
        i = start + 1;
        continue;
      }
      out.append(expand(slots.get(index).text(), slots));
      i = slotEnd(text, start) + 1;
    }
    return out.toString();
  }

  private static boolean wordStart(CharSequence out, int index) {
    if (index == 0) {
      return true;
    }
    char before = out.charAt(index - 1);
    return Character.isWhitespace(before) || ";&|()".indexOf(before) >= 0;
  }

  private static String escape(String value, State state) {
    return switch (state) {
      case UNQUOTED -> ShellQuoting.quote(value);
      case SINGLE -> value.replace("'", "'\\''");
      case DOUBLE -> value.replaceAll("([\\\\\"$`])", "\\\\$1");
      case COMMENT -> value.replace('\n', ' ').replace('\r', ' ');
    };
  }
}
