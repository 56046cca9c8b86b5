package dev.squall.chat;

/**
 * What became of an {@link IncomingAnswer}, for the adapter to show the way its platform does:
 * an accepted answer replaces the question's controls with {@link #text()} (Slack's
 * {@code response_url} with {@code replace_original}, Discord's UPDATE_MESSAGE interaction response,
 * a refreshed Teams card, Mattermost's {@code update}); a refused one is shown only to whoever
 * clicked (an ephemeral message) and leaves the question as it was.
 */
public sealed interface AnswerReceipt {

  /** The text to show. */
  String text();

  /** The answer was recorded, e.g. "Approved by bob (1 of 2)". */
  record Accepted(String text) implements AnswerReceipt {}

  /** Nothing was recorded, e.g. "You may not answer this", "This inquiry has expired". */
  record Refused(String text) implements AnswerReceipt {}
}
