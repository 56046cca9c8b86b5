package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.AdapterHealth.State;
import org.junit.jupiter.api.Test;

class AdapterHealthTrackerTest {

  @Test
  void aLateReportAfterCloseDoesNotMakeTheAdapterLookAlive() {
    AdapterHealthTracker health = new AdapterHealthTracker("irc", "irc");
    health.set(State.CONNECTED, "connected", false);
    health.set(State.STOPPED, "closed", true);

    health.set(State.DISCONNECTED, "connection closed", true);

    assertThat(health.current().state()).isEqualTo(State.STOPPED);
    assertThat(health.current().detail()).isEqualTo("closed");
  }

  @Test
  void sinceMovesOnlyWhenTheStateChanges() {
    AdapterHealthTracker health = new AdapterHealthTracker("xmpp", "xmpp");
    health.set(State.CONNECTED, "connected as a", false);
    AdapterHealth connected = health.current();

    health.set(State.CONNECTED, "connected as a; room refused us", false);

    assertThat(health.current().since()).isEqualTo(connected.since());
    assertThat(health.current().detail()).isEqualTo("connected as a; room refused us");
    assertThat(health.current().platform()).isEqualTo("xmpp");
  }
}
