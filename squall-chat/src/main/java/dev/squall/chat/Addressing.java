package dev.squall.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a chat line is meant for the bot and what the command is, as hubot's
 * {@code robot.respond} does: a prefix ({@code !help}), {@code @name}, {@code name:} or
 * {@code name,}; in a direct conversation every line is a command.
 */
final class Addressing {

  private final String prefix;
  private final Pattern byName;

  Addressing(String name, String prefix) {
    this.prefix = prefix;
    String n = Pattern.quote(name);
    this.byName = Pattern.compile("^(?:@" + n + "[:,]?|" + n + "[:,])(?:\\s+|$)",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** The command in a message, normalised, or null when the message is not for the bot. */
  String command(IncomingMessage m) {
    String text = normalise(m.text());
    if (!prefix.isEmpty() && text.startsWith(prefix)) {
      return text.substring(prefix.length()).strip();
    }
    Matcher named = byName.matcher(text);
    if (named.lookingAt()) {
      return text.substring(named.end()).strip();
    }
    return m.direct() || m.mentioned() ? text : null;
  }

  /** What chat clients do to quotes and spaces, undone (hubot's Slack normalizeCommand). */
  static String normalise(String text) {
    if (text == null) {
      return "";
    }
    return text.replace('\u201C', '"').replace('\u201D', '"')
        .replace('\u2018', '\'').replace('\u2019', '\'')
        .replace('\u00A0', ' ')
        .strip();
  }
}
