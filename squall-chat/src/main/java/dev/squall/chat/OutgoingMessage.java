package dev.squall.chat;

import java.util.Map;

/**
 * What the bot sends. {@code extra} carries platform-specific rich content (an alias's
 * {@code extra.slack} and the like); adapters without rich messages ignore it.
 *
 * @param kind what the message is: platforms with rich messages render results as StackStorm does,
 *     e.g. as a Slack attachment coloured by success or failure
 * @param question for {@link Kind#QUESTION}, what is asked; adapters with controls render it as
 *     buttons or a form, the others send {@code text}, which says how to answer by typing
 */
public record OutgoingMessage(
    String room, String thread, String text, Map<String, Object> extra, Kind kind, Question question) {

  /** What a message is, for platforms that show results differently from talk. */
  public enum Kind {
    /** An ack, help, an error answer: plain chat. */
    PLAIN,
    /** An execution's result or an announcement (what StackStorm's bot posts with postData). */
    RESULT,
    /** The result of an execution that did not succeed. */
    FAILURE,
    /** A question to answer (an inquiry, an approval): see {@link #question()}. */
    QUESTION,
    /** A running execution's progress, posted once and then edited in place. */
    PROGRESS
  }

  public OutgoingMessage {
    text = text == null ? "" : text;
    extra = extra == null ? Map.of() : extra;
    kind = kind == null ? Kind.PLAIN : kind;
    if ((kind == Kind.QUESTION) != (question != null)) {
      throw new IllegalArgumentException("a QUESTION message, and only one, carries a question");
    }
  }

  /** A message that asks nothing. */
  public OutgoingMessage(String room, String thread, String text, Map<String, Object> extra, Kind kind) {
    this(room, thread, text, extra, kind, null);
  }

  /** A plain message. */
  public OutgoingMessage(String room, String thread, String text, Map<String, Object> extra) {
    this(room, thread, text, extra, Kind.PLAIN);
  }

  /** A question; {@code text} is what platforms without controls show. */
  public static OutgoingMessage question(String room, String thread, String text, Question question) {
    return new OutgoingMessage(room, thread, text, Map.of(), Kind.QUESTION, question);
  }

  public static OutgoingMessage text(String room, String thread, String text) {
    return new OutgoingMessage(room, thread, text, Map.of());
  }
}
