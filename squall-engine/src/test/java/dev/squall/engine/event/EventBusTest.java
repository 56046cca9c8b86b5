package dev.squall.engine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.engine.execution.model.OutputLine;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {

  private final EventBus bus = new EventBus();

  @AfterEach
  void close() {
    bus.close();
  }

  private static Event line(int n) {
    return new Event.ExecutionOutput(
        new OutputLine("e1", n, "stdout", "line " + n, Instant.EPOCH));
  }

  private static int seq(Event e) {
    return (int) ((Event.ExecutionOutput) e).line().seq();
  }

  @Test
  void everySubscriberGetsEveryEventInOrder() {
    List<Event> a = new CopyOnWriteArrayList<>();
    List<Event> b = new CopyOnWriteArrayList<>();
    bus.subscribe(a::add);
    bus.subscribe(b::add);
    for (int i = 0; i < 100; i++) {
      bus.publish(line(i));
    }
    await().until(() -> a.size() == 100 && b.size() == 100);
    assertThat(a).extracting(EventBusTest::seq).isSorted();
    assertThat(b).isEqualTo(a);
  }

  @Test
  void eventsRelayedFromOtherNodesReachEverySubscriberButThoseOfThisNodesOwnEvents() {
    List<Event> all = new CopyOnWriteArrayList<>();
    List<Event> own = new CopyOnWriteArrayList<>();
    bus.subscribe(all::add);
    bus.subscribeOrigin(own::add);
    bus.publish(line(1));
    bus.publishRelayed(line(2));
    bus.publish(line(3));
    await().until(() -> all.size() == 3 && own.size() == 2);
    assertThat(all).extracting(EventBusTest::seq).containsExactly(1, 2, 3);
    assertThat(own).extracting(EventBusTest::seq).containsExactly(1, 3); // never relayed back
  }

  @Test
  void aStuckSubscriberNeitherBlocksPublishingNorOthersAndLosesOnlyItsOldestEvents()
      throws Exception {
    CountDownLatch unblock = new CountDownLatch(1);
    CountDownLatch inHand = new CountDownLatch(1);
    List<Event> slow = new CopyOnWriteArrayList<>();
    List<Event> fast = new CopyOnWriteArrayList<>();
    Subscription stuck = bus.subscribe(e -> {
      inHand.countDown();
      try {
        unblock.await();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      slow.add(e);
    }, 10);
    bus.subscribe(fast::add);
    bus.publish(line(0));
    inHand.await(); // event 0 is being consumed; the queue is empty
    for (int i = 1; i <= 1000; i++) {
      bus.publish(line(i));
    }
    await().until(() -> fast.size() == 1001);
    unblock.countDown();
    await().until(() -> slow.size() == 11);
    assertThat(stuck.dropped()).isEqualTo(990);
    // kept: the one in hand, then the newest ten
    assertThat(slow).extracting(EventBusTest::seq)
        .containsExactly(0, 991, 992, 993, 994, 995, 996, 997, 998, 999, 1000);
  }

  @Test
  void aFailingConsumerKeepsItsSubscription() {
    List<Event> got = new CopyOnWriteArrayList<>();
    bus.subscribe(e -> {
      if (seq(e) == 1) {
        throw new IllegalStateException("consumer bug");
      }
      got.add(e);
    });
    for (int i = 0; i < 3; i++) {
      bus.publish(line(i));
    }
    await().until(() -> got.size() == 2);
    assertThat(got).extracting(EventBusTest::seq).containsExactly(0, 2);
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() {
    List<Event> got = new CopyOnWriteArrayList<>();
    Subscription s = bus.subscribe(got::add);
    bus.publish(line(0));
    await().until(() -> got.size() == 1);
    s.close();
    bus.publish(line(1));
    List<Event> other = new CopyOnWriteArrayList<>();
    bus.subscribe(other::add);
    bus.publish(line(2));
    await().until(() -> other.size() == 1);
    assertThat(got).hasSize(1);
  }
}
