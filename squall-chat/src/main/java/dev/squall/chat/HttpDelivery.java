package dev.squall.chat;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one delivery loop of the platforms that post each piece with an HTTP request (Mattermost,
 * Discord, Teams, Matrix): send, wait out a rate limit (at most {@link #LONGEST_WAIT}), send again;
 * when the platform cannot take messages, end the session so that the connection loop reconnects
 * with backoff and the piece, still queued, goes out after that. The platform says what one
 * attempt came to; refusals it logs itself and reports as {@link Attempt.Done}.
 */
public final class HttpDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);

  /** The longest a rate limit is waited out before sending again, whatever the platform asks. */
  public static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

  /** What one attempt to post a piece came to. */
  public sealed interface Attempt {

    /** Delivered, or refused for good (retrying cannot help): the next piece may go. */
    record Done() implements Attempt {}

    /** The platform asked to slow down: wait, then send the piece again. */
    record RateLimited(Duration delay) implements Attempt {}

    /** Send again at once (say, with a fresh token). */
    record Again() implements Attempt {}

    /** The platform cannot take messages now: reconnect, keep the piece. */
    record Broken(String why) implements Attempt {}
  }

  /** Waits out a rate limit (the adapter's {@code waitOutRateLimit}, which counts it). */
  @FunctionalInterface
  public interface Waiter {
    void waitOut(Duration wait) throws InterruptedException;
  }

  /** One attempt; an {@link IOException} means the platform cannot be reached. */
  @FunctionalInterface
  public interface Sender {
    Attempt attempt() throws IOException, InterruptedException;
  }

  private HttpDelivery() {}

  /**
   * Sends until the piece is done, or the session ends.
   *
   * @param adapter the adapter for the log ({@code Discord adapter ops})
   * @param target where the piece goes, for messages ({@code channel 42})
   * @param endSession ends the session that cannot post, with the reason, so that it reconnects
   * @param waiter waits out a rate limit
   * @return true when the piece is done with, false when it must go out again after a reconnect
   */
  public static boolean deliver(String adapter, String target, Consumer<String> endSession, Waiter waiter,
      Sender sender)
      throws InterruptedException {
    while (true) {
      Attempt attempt;
      try {
        attempt = sender.attempt();
      } catch (IOException e) {
        attempt = new Attempt.Broken("cannot post to " + target + ": " + e);
      }
      switch (attempt) {
        case Attempt.Done done -> {
          return true;
        }
        case Attempt.Broken broken -> {
          endSession.accept(broken.why());
          return false;
        }
        case Attempt.RateLimited limited -> {
          Duration wait = limited.delay().compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : limited.delay();
          LOG.info("{}: rate limited posting to {}, waiting {} ms", adapter, target, wait.toMillis());
          waiter.waitOut(wait);
        }
        case Attempt.Again again -> { }
      }
    }
  }
}
