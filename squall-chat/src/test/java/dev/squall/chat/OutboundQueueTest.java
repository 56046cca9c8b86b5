package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.squall.core.error.TooManyRequestsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

  @Test
  void refusesAMessageThatDoesNotFitWholeAndKeepsWhatWasQueued() throws Exception {
    OutboundQueue<String> queue = new OutboundQueue<>(3);
    queue.offerAll(List.of("a", "b"), waiting -> "full");

    assertThatThrownBy(() -> queue.offerAll(List.of("c", "d"), waiting -> waiting + " waiting"))
        .isInstanceOf(TooManyRequestsException.class).hasMessage("2 waiting");
    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.takeFirst()).isEqualTo("a");
  }

  @Test
  void aPiecePutBackGoesOutFirst() throws Exception {
    OutboundQueue<String> queue = new OutboundQueue<>(3);
    queue.offerAll(List.of("a", "b"), waiting -> "full");
    String first = queue.takeFirst();
    queue.putFirst(first);

    assertThat(queue.takeFirst()).isEqualTo("a");
    assertThat(queue.takeFirst()).isEqualTo("b");
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void aPiecePutBackFitsEvenWhenNewMessagesFilledTheQueue() {
    OutboundQueue<String> queue = new OutboundQueue<>(2);
    queue.offerAll(List.of("a", "b"), waiting -> "full");
    String inFlight = assertDoesNotThrow(queue::takeFirst);
    queue.offerAll(List.of("c"), waiting -> "full");
    queue.putFirst(inFlight);

    assertThat(queue.size()).isEqualTo(3);
    assertThatThrownBy(() -> queue.offerAll(List.of("d"), waiting -> "full"))
        .isInstanceOf(TooManyRequestsException.class);
  }
}
