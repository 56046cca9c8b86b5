package dev.squall.chat.xmpp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Cuts long outgoing text into messages, in order, keeping lines whole where it can. */
final class XmppText {

  /** Terminal colour and cursor sequences (ESC [ … letter), common in command output. */
  private static final Pattern ANSI = Pattern.compile("\\x{1B}\\[[0-9;?]*[ -/]*[@-~]");
  /** Characters XML 1.0 forbids; one of them makes the server close the whole stream. */
  private static final Pattern NOT_XML = Pattern.compile("[^\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

  private XmppText() {}

  /** Removes terminal escape sequences, then every character that XML cannot carry. */
  static String clean(String text) {
    return NOT_XML.matcher(ANSI.matcher(text).replaceAll("")).replaceAll("");
  }

  /**
   * Pieces of at most {@code max} chars: cut at the last line break in the second half of the
   * window, else the last space there, else at {@code max} — never between a surrogate pair.
   */
  static List<String> split(String text, int max) {
    List<String> pieces = new ArrayList<>();
    String rest = text.strip();
    // Whitespace-only remainders carry nothing worth a message.
    while (rest.length() > max) {
      int cut = rest.lastIndexOf('\n', max);
      if (cut < max / 2) {
        cut = rest.lastIndexOf(' ', max);
      }
      int skip = 1; // the separator we cut at; indentation on the next line stays
      if (cut < max / 2) {
        cut = Character.isLowSurrogate(rest.charAt(max)) ? max - 1 : max;
        skip = 0;
      }
      pieces.add(rest.substring(0, cut));
      rest = rest.substring(cut + skip);
    }
    if (!rest.isBlank()) {
      pieces.add(rest);
    }
    return pieces;
  }
}
