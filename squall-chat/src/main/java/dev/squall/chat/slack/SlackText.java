package dev.squall.chat.slack;

import java.util.ArrayList;
import java.util.List;

/** Splits text into Slack-sized messages, at a line break when one is near the limit. */
final class SlackText {

  /** Slack accepts 40,000 characters but recommends at most 4,000 per message. */
  static final int LIMIT = 3_900;

  private SlackText() {}

  static List<String> split(String text, int limit) {
    List<String> out = new ArrayList<>();
    String rest = text;
    while (rest.length() > limit) {
      int cut = rest.lastIndexOf('\n', limit);
      if (cut < limit / 2) {
        cut = Character.isHighSurrogate(rest.charAt(limit - 1)) ? limit - 1 : limit;
        out.add(rest.substring(0, cut));
        rest = rest.substring(cut);
      } else {
        out.add(rest.substring(0, cut));
        rest = rest.substring(cut + 1);
      }
    }
    out.add(rest);
    return out;
  }
}
