package dev.squall.chat;

import dev.squall.chat.AdapterHealth.State;
import java.time.Instant;

/** An adapter's current {@link AdapterHealth}; {@code since} moves only when the state changes. */
final class AdapterHealthTracker {

  private final String name;
  private final String platform;
  private volatile AdapterHealth health;

  AdapterHealthTracker(String name, String platform) {
    this.name = name;
    this.platform = platform;
    this.health = new AdapterHealth(name, platform, State.STOPPED, "not started", Instant.now());
  }

  AdapterHealth current() {
    return health;
  }

  /**
   * Records a state. Once a closed adapter reports STOPPED, a late report from one of its threads
   * (a connection attempt that was already under way) must not make it look alive again.
   */
  void set(State state, String detail, boolean closed) {
    AdapterHealth old = health;
    if (old.state() == State.STOPPED && closed && state != State.STOPPED) {
      return;
    }
    health = new AdapterHealth(name, platform, state, detail, old.state() == state ? old.since() : Instant.now());
  }
}
