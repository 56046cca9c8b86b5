package dev.squall.chat.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Discord message text: the length limit and the bot's own mention markup. */
final class DiscordText {

  /** A message's {@code content} may hold at most 2000 characters. */
  static final int LIMIT = 2000;

  private DiscordText() {}

  /**
   * Splits at the limit in order, preferring line breaks, never inside a surrogate pair (the same
   * rule as {@code dev.squall.chat.Chunks}, which is not visible outside its package).
   */
  static List<String> split(String text, int limit) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (text.length() - start > limit) {
      int end = start + limit;
      int newline = text.lastIndexOf('\n', end - 1);
      if (newline > start + limit / 2) {
        end = newline;
      } else if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      parts.add(text.substring(start, end));
      start = end < text.length() && text.charAt(end) == '\n' ? end + 1 : end;
    }
    if (start < text.length() || parts.isEmpty()) {
      parts.add(text.substring(start));
    }
    return parts;
  }

  /** Removes {@code <@id>} and the older nickname form {@code <@!id>} of one user. */
  static String withoutMention(String text, String userId) {
    return Pattern.compile("[ \\t]*<@!?" + Pattern.quote(userId) + ">[ \\t]*").matcher(text).replaceAll(" ").strip();
  }
}
