package dev.squall.chat;

import java.util.Map;

/**
 * What the bot sends. {@code extra} carries platform-specific rich content (an alias's
 * {@code extra.slack} and the like); adapters without rich messages ignore it.
 *
 * @param kind what the message is: platforms with rich messages render results as StackStorm does,
 *     e.g. as a Slack attachment coloured by success or failure
 */
public record OutgoingMessage(String room, String thread, String text, Map<String, Object> extra, Kind kind) {

  /** What a message is, for platforms that show results differently from talk. */
  public enum Kind {
    /** An ack, help, an error answer: plain chat. */
    PLAIN,
    /** An execution's result or an announcement (what StackStorm's bot posts with postData). */
    RESULT,
    /** The result of an execution that did not succeed. */
    FAILURE
  }

  public OutgoingMessage {
    text = text == null ? "" : text;
    extra = extra == null ? Map.of() : extra;
    kind = kind == null ? Kind.PLAIN : kind;
  }

  /** A plain message. */
  public OutgoingMessage(String room, String thread, String text, Map<String, Object> extra) {
    this(room, thread, text, extra, Kind.PLAIN);
  }

  public static OutgoingMessage text(String room, String thread, String text) {
    return new OutgoingMessage(room, thread, text, Map.of());
  }
}
