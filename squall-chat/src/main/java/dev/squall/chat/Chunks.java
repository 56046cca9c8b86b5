package dev.squall.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long reply into messages a platform accepts, in order, preferring line breaks and never
 * cutting a character in two. The bot splits at {@link PlatformLimits#maxMessageLength}; adapters
 * whose platform counts in characters split what they are handed with it too.
 */
public final class Chunks {

  private Chunks() {}

  public static List<String> split(String text, int limit) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (text.length() - start > limit) {
      int end = start + limit;
      int newline = text.lastIndexOf('\n', end - 1);
      if (newline > start + limit / 2) {
        end = newline;
      } else if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--; // never cut a character in two
      }
      parts.add(text.substring(start, end));
      start = end < text.length() && text.charAt(end) == '\n' ? end + 1 : end;
    }
    if (start < text.length() || parts.isEmpty()) {
      parts.add(text.substring(start));
    }
    return parts;
  }
}
