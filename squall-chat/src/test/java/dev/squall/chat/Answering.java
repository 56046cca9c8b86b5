package dev.squall.chat;

import static dev.squall.chat.AdapterTestRig.waiting;

import dev.squall.chat.AdapterHealth.State;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A listener for the question tests: records the answers an adapter hands on and returns the
 * receipt a test chose (accept, or refuse) — what the bot's inquiry code would decide.
 */
public final class Answering implements ChatListener {

  private final List<IncomingAnswer> answers = new CopyOnWriteArrayList<>();
  private final List<IncomingMessage> messages = new CopyOnWriteArrayList<>();
  private volatile Function<IncomingAnswer, AnswerReceipt> decide;

  public Answering(Function<IncomingAnswer, AnswerReceipt> decide) {
    this.decide = decide;
  }

  /** Accepts every answer with "{@code <values>} by {@code <user>}". */
  public static Answering accepting() {
    return new Answering(a -> new AnswerReceipt.Accepted("Answered " + a.values() + " by " + a.userName()));
  }

  /**
   * An N-of-M approval as the bot's approval code decides it: each answer before the
   * {@code needed}th leaves the question open ("Approved by bob (1 of 2); waiting for 1 more"),
   * the {@code needed}th decides it ("Approved by carol (2 of 2): runs now").
   */
  public static Answering approvals(int needed) {
    java.util.concurrent.atomic.AtomicInteger approved = new java.util.concurrent.atomic.AtomicInteger();
    return new Answering(a -> {
      int n = approved.incrementAndGet();
      return n < needed
          ? new AnswerReceipt.Open("Approved by " + a.userName() + " (" + n + " of " + needed + "); waiting for "
              + (needed - n) + " more")
          : new AnswerReceipt.Accepted("Approved by " + a.userName() + " (" + n + " of " + needed + "): runs now");
    });
  }

  /** Refuses every answer with "You may not answer this". */
  public static Answering refusing() {
    return new Answering(a -> new AnswerReceipt.Refused("You may not answer this"));
  }

  /** Starts {@code adapter} with this listener, closed by the rig, and waits until it is connected. */
  public <A extends ChatAdapter> A start(AdapterTestRig rig, A adapter) {
    rig.closeLater(adapter);
    adapter.start(this);
    waiting("adapter connected").until(() -> adapter.health().state() == State.CONNECTED);
    return adapter;
  }

  public List<IncomingAnswer> answers() {
    return answers;
  }

  @Override
  public void onMessage(IncomingMessage message) {
    messages.add(message);
  }

  @Override
  public AnswerReceipt onAnswer(IncomingAnswer answer) {
    answers.add(answer);
    return decide.apply(answer);
  }
}
