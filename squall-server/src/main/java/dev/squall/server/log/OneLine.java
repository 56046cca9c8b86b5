package dev.squall.server.log;

/**
 * Escapes what could end a log line or fake one: CR, LF and the other control characters (and
 * Unicode's line separators) become {@code \n}, {@code \r} or {@code \}{@code uXXXX}, so text from
 * chat, webhooks or request paths stays on the line of the event that logged it. Tabs are kept.
 */
final class OneLine {

  private OneLine() {}

  static String escape(String s) {
    if (s == null || s.chars().noneMatch(OneLine::needsEscape)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(int c) {
    return c != '\t' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
  }
}
