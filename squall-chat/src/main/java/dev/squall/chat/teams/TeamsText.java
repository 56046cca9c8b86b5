package dev.squall.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** Teams' text conventions: {@code <at>} mentions, thread-qualified conversation ids, size limits. */
final class TeamsText {

  /** What follows a channel's id in the conversation id of one of its threads. */
  static final String THREAD_MARK = ";messageid=";

  private static final Pattern OTHER_MENTION = Pattern.compile("<at>(.*?)</at>", Pattern.DOTALL);

  private TeamsText() {}

  /** The room part of a conversation id: the channel or chat, without {@code ;messageid=…}. */
  static String room(String conversationId) {
    int at = conversationId.indexOf(THREAD_MARK);
    return at < 0 ? conversationId : conversationId.substring(0, at);
  }

  /** The thread (root message id) of a conversation id, or null when it names no thread. */
  static String thread(String conversationId) {
    int at = conversationId.indexOf(THREAD_MARK);
    String id = at < 0 ? "" : conversationId.substring(at + THREAD_MARK.length());
    return id.isEmpty() ? null : id;
  }

  /** The conversation id that posts into {@code thread} of {@code room}, or to the room itself. */
  static String conversation(String room, String thread) {
    return thread == null || thread.isBlank() ? room : room + THREAD_MARK + thread;
  }

  /** Whether one of the activity's {@code mention} entities names the bot. */
  static boolean mentions(JsonNode entities, String botId) {
    for (JsonNode entity : entities) {
      if ("mention".equals(entity.path("type").asText()) && botId.equals(entity.path("mentioned").path("id").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The text without the bot's own {@code <at>…</at>} mention (the markup of the entities naming
   * the bot); other people's mentions keep their name as {@code @name}.
   */
  static String withoutMentions(String text, JsonNode entities, String botId) {
    String out = text;
    for (JsonNode entity : entities) {
      String markup = entity.path("text").asText("");
      if ("mention".equals(entity.path("type").asText()) && botId.equals(entity.path("mentioned").path("id").asText())
          && !markup.isEmpty()) {
        out = out.replace(markup, "");
      }
    }
    out = OTHER_MENTION.matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("@" + m.group(1)));
    return out.replace('\u00a0', ' ').replaceAll("[ \\t]{2,}", " ").strip();
  }


}
