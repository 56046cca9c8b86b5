package dev.squall.chat.discord;

import java.util.regex.Pattern;

/** Discord message text: the bot's own mention markup. */
final class DiscordText {

  private DiscordText() {}

  /** Removes {@code <@id>} and the older nickname form {@code <@!id>} of one user. */
  static String withoutMention(String text, String userId) {
    return Pattern.compile("[ \\t]*<@!?" + Pattern.quote(userId) + ">[ \\t]*").matcher(text).replaceAll(" ").strip();
  }
}
