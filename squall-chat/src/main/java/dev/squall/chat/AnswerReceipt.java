package dev.squall.chat;

/**
 * What became of an {@link IncomingAnswer}, for the adapter to show the way its platform does:
 * an accepted answer replaces the question's controls with {@link #text()} (Slack's
 * {@code response_url} with {@code replace_original}, Discord's UPDATE_MESSAGE interaction response,
 * a refreshed Teams card, Mattermost's {@code update}); an answer recorded while the question stays
 * open for others ({@link Open}, an N-of-M approval) shows {@link #text()} beside the controls, which
 * stay; a refused one is shown only to whoever clicked (an ephemeral message) and leaves the question
 * as it was.
 */
public sealed interface AnswerReceipt {

  /** The text to show. */
  String text();

  /** The answer was recorded and the question is decided, e.g. "Approved by carol (2 of 2): … runs now". */
  record Accepted(String text) implements AnswerReceipt {}

  /**
   * The answer was recorded and the question stays open for others' answers, e.g. "Approved by bob
   * (1 of 2); waiting for 1 more": the controls stay, for the next approver.
   */
  record Open(String text) implements AnswerReceipt {}

  /** Nothing was recorded, e.g. "You may not answer this", "This inquiry has expired". */
  record Refused(String text) implements AnswerReceipt {}
}
