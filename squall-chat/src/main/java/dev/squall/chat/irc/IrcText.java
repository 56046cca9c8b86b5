package dev.squall.chat.irc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Cuts outgoing text into IRC-sized pieces, in order. */
final class IrcText {

  /** The whole line the server relays, CRLF included, may not exceed this (RFC 2812 §2.3). */
  static final int MAX_LINE_BYTES = 512;

  private IrcText() {}

  /**
   * Splits on line breaks, then cuts each line so that no piece exceeds {@code maxBytes} of UTF-8,
   * preferring the last space in the piece and never cutting inside a code point. Empty lines are
   * dropped: IRC cannot carry them.
   */
  static List<String> split(String text, int maxBytes) {
    if (maxBytes < 4) {
      throw new IllegalArgumentException("an IRC line budget of " + maxBytes + " bytes leaves no room for text");
    }
    List<String> pieces = new ArrayList<>();
    for (String line : text.replace("\r\n", "\n").replace('\r', '\n').replace("\0", "").split("\n")) {
      String rest = line;
      while (!rest.isBlank()) {
        int cut = cutIndex(rest, maxBytes);
        pieces.add(rest.substring(0, cut).stripTrailing());
        rest = rest.substring(cut).stripLeading();
      }
    }
    return pieces;
  }

  /** The char index where the first piece of {@code s} ends. */
  private static int cutIndex(String s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    int lastSpace = -1;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int size = utf8Size(cp);
      if (bytes + size > maxBytes) {
        // Prefer a word boundary unless it would waste more than half the budget.
        return lastSpace > 0 && utf8Bytes(s.substring(0, lastSpace)) > maxBytes / 2 ? lastSpace : i;
      }
      if (cp == ' ') {
        lastSpace = i;
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    return s.length();
  }

  static int utf8Bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static int utf8Size(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
}
