package dev.squall.engine.execution;

import dev.squall.core.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  @Test
  void defaultsBeatEveryFiveSecondsAndGiveUpOnANodeAfterThirty() {
    ClusterSettings s = ClusterSettings.defaults(true);
    assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.nodeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.exclusiveStore()).isTrue();
  }

  @Test
  void rejectsANodeTimeoutThatALiveNodeCouldOutlastBetweenTwoBeats() {
    assertThatThrownBy(() -> new ClusterSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
        false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.node_timeout (PT30S) must be longer than"
            + " cluster.heartbeat (PT30S)");
    assertThatThrownBy(() -> new ClusterSettings(Duration.ZERO, Duration.ofSeconds(30), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.heartbeat must be positive");
  }
}
