package dev.squall.chat;

import static org.awaitility.Awaitility.await;

import dev.squall.chat.AdapterHealth.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionFactory;

/**
 * What the adapter tests against real servers share: the messages the adapter hands on, a patient
 * wait, and closing everything a test opened, newest first (so the server goes last).
 */
public final class AdapterTestRig implements AutoCloseable {

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
  private final List<Duration> rateLimitWaits = new CopyOnWriteArrayList<>();

  /** Real servers and reconnects take their time; 30 s is generous without hanging a run. */
  public static ConditionFactory waiting(String what) {
    return await(what).atMost(Duration.ofSeconds(30));
  }

  /** What the adapters started by {@link #connected} handed to their listener, in order. */
  public List<IncomingMessage> received() {
    return received;
  }

  /** The rate-limit waits the adapters started by {@link #connected} reported, in order. */
  public List<Duration> rateLimitWaits() {
    return rateLimitWaits;
  }

  /** Closes {@code closeable} when the test ends. */
  public <C extends AutoCloseable> C closeLater(C closeable) {
    toClose.add(closeable);
    return closeable;
  }

  /** Starts the adapter, listening into {@link #received}, and waits until it is connected. */
  public <A extends ChatAdapter> A connected(A adapter) {
    closeLater(adapter);
    adapter.start(new dev.squall.chat.ChatListener() {
      @Override
      public void onMessage(IncomingMessage message) {
        received.add(message);
      }

      @Override
      public void rateLimited(Duration waited) {
        rateLimitWaits.add(waited);
      }
    });
    waiting("adapter connected").until(() -> adapter.health().state() == State.CONNECTED);
    return adapter;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
  }
}
