package dev.squall.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long reply into messages a platform accepts, in order, preferring a line break in the
 * second half of a piece and never cutting a character in two. The bot splits at
 * {@link PlatformLimits#maxMessageLength}; adapters split what they are handed with it too, with a
 * byte budget where the platform limits a message's size rather than its characters.
 */
public final class Chunks {

  private Chunks() {}

  /** Pieces of at most {@code maxChars} characters. */
  public static List<String> split(String text, int maxChars) {
    return split(text, maxChars, Integer.MAX_VALUE);
  }

  /** Pieces of at most {@code maxChars} characters and {@code maxBytes} bytes of UTF-8. */
  public static List<String> split(String text, int maxChars, int maxBytes) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = start;
      int bytes = 0;
      while (end < text.length()) {
        int cp = text.codePointAt(end);
        int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // its UTF-8 length
        if (end - start + Character.charCount(cp) > maxChars || bytes + size > maxBytes) {
          break;
        }
        bytes += size;
        end += Character.charCount(cp);
      }
      if (end == start) { // a budget below one character: still make progress
        end += Character.charCount(text.codePointAt(start));
      }
      if (end < text.length()) {
        int newline = text.lastIndexOf('\n', end - 1);
        if (newline > start + (end - start) / 2) {
          end = newline;
        }
      }
      parts.add(text.substring(start, end));
      start = end < text.length() && text.charAt(end) == '\n' ? end + 1 : end;
    }
    if (parts.isEmpty()) {
      parts.add("");
    }
    return parts;
  }
}
