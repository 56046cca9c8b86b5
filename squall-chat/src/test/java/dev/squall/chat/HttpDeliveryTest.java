package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.HttpDelivery.Attempt;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpDeliveryTest {

  private final List<String> ended = new ArrayList<>();
  private final List<Duration> waited = new ArrayList<>();
  private int attempts;

  @Test
  void aRateLimitIsWaitedOutThroughTheAdaptersWaiterAndThePieceSentAgain() throws InterruptedException {
    assertThat(deliver(new Attempt.RateLimited(Duration.ofMillis(5)), new Attempt.Again(), new Attempt.Done()))
        .isTrue();

    assertThat(attempts).isEqualTo(3);
    assertThat(waited).containsExactly(Duration.ofMillis(5));
    assertThat(ended).isEmpty();
  }

  @Test
  void aRateLimitLongerThanTheLongestWaitIsWaitedOutForTheLongestWait() throws InterruptedException {
    assertThat(deliver(new Attempt.RateLimited(Duration.ofHours(2)), new Attempt.Done())).isTrue();

    assertThat(waited).containsExactly(HttpDelivery.LONGEST_WAIT);
  }

  @Test
  void aPlatformThatCannotTakeMessagesEndsTheSessionAndKeepsThePiece() throws InterruptedException {
    assertThat(deliver(new Attempt.Broken("posting to #ops answered 503"))).isFalse();

    assertThat(ended).containsExactly("posting to #ops answered 503");
  }

  @Test
  void anUnreachablePlatformEndsTheSessionSayingWhereThePieceWasGoing() throws InterruptedException {
    boolean done = HttpDelivery.deliver("Test adapter t", "channel 42", ended::add, waited::add, () -> {
      throw new IOException("connection refused");
    });

    assertThat(done).isFalse();
    assertThat(ended).containsExactly("cannot post to channel 42: java.io.IOException: connection refused");
  }

  private boolean deliver(Attempt... outcomes) throws InterruptedException {
    Iterator<Attempt> next = List.of(outcomes).iterator();
    return HttpDelivery.deliver("Test adapter t", "#ops", ended::add, waited::add, () -> {
      attempts++;
      return next.next();
    });
  }
}
