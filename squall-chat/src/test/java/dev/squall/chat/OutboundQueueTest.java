package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.squall.core.error.TooManyRequestsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

  @Test
  void refusesAMessageThatDoesNotFitWholeAndKeepsWhatWasQueued() throws Exception {
    OutboundQueue<String> queue = new OutboundQueue<>(3);
    queue.offerAll("#a", List.of("a", "b"), waiting -> "full");

    assertThatThrownBy(() -> queue.offerAll("#b", List.of("c", "d"), waiting -> waiting + " waiting"))
        .isInstanceOf(TooManyRequestsException.class).hasMessage("2 waiting");
    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.takeFirst().item()).isEqualTo("a");
  }

  @Test
  void aPiecePutBackGoesOutFirst() throws Exception {
    OutboundQueue<String> queue = new OutboundQueue<>(3);
    queue.offerAll("#a", List.of("a", "b"), waiting -> "full");
    queue.offerAll("#b", List.of("x"), waiting -> "full");
    OutboundQueue.Piece<String> first = queue.takeFirst();
    queue.putFirst(first);

    assertThat(drain(queue, 3)).containsExactly("a", "x", "b");
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void aPiecePutBackFitsEvenWhenNewMessagesFilledTheQueue() {
    OutboundQueue<String> queue = new OutboundQueue<>(2);
    queue.offerAll("#a", List.of("a", "b"), waiting -> "full");
    OutboundQueue.Piece<String> inFlight = assertDoesNotThrow(queue::takeFirst);
    queue.offerAll("#a", List.of("c"), waiting -> "full");
    queue.putFirst(inFlight);

    assertThat(queue.size()).isEqualTo(3);
    assertThatThrownBy(() -> queue.offerAll("#a", List.of("d"), waiting -> "full"))
        .isInstanceOf(TooManyRequestsException.class);
  }

  @Test
  void roomsTakeTurnsSoALongOutputDoesNotDelayAnotherRoomsReply() throws Exception {
    OutboundQueue<String> queue = new OutboundQueue<>(100);
    queue.offerAll("#flood", List.of("f1", "f2", "f3", "f4"), waiting -> "full");
    queue.offerAll("#quiet", List.of("q1", "q2"), waiting -> "full");
    queue.offerAll("#other", List.of("o1"), waiting -> "full");

    assertThat(drain(queue, 7)).containsExactly("f1", "q1", "o1", "f2", "q2", "f3", "f4");
  }

  @Test
  void aRoomsShortReplyPassesItsOwnLongResultStillGoingOut() throws Exception {
    OutboundQueue<String> queue = new OutboundQueue<>(100);
    queue.offerAll("#ops", List.of("line 1", "line 2", "line 3"), waiting -> "full");
    assertThat(queue.takeFirst().item()).isEqualTo("line 1");
    queue.offerAll("#ops", List.of("ack"), waiting -> "full");
    queue.offerAll("#ops", List.of("second 1", "second 2"), waiting -> "full");

    assertThat(drain(queue, 5)).containsExactly("ack", "line 2", "line 3", "second 1", "second 2");
  }

  private static List<String> drain(OutboundQueue<String> queue, int n) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(queue.takeFirst().item());
    }
    return out;
  }
}
