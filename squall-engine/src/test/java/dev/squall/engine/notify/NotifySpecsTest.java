package dev.squall.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifySpecsTest {

  @Test
  void channelsStandInForMissingRoutesAndNoRoutesMeansTheDefaultRoute() {
    List<NotifySpecs.Entry> entries = NotifySpecs.entries(Map.of(
        "on-complete", Map.of("channels", List.of("slack")),
        "on-success", Map.of("message", "yay")), null, "succeeded");
    assertThat(entries).extracting(NotifySpecs.Entry::section, NotifySpecs.Entry::route)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("on_complete", "slack"),
            org.assertj.core.groups.Tuple.tuple("on_success", "notify.default"));
  }

  @Test
  void anEmptyRouteListSendsNothing() {
    assertThat(NotifySpecs.entries(Map.of("on_complete", Map.of("routes", List.of())), null,
        "failed")).isEmpty();
  }

  @Test
  void theCallersSpecIsAddedToTheActionsAndWinsOnTheSameRoute() {
    List<NotifySpecs.Entry> entries = NotifySpecs.entries(
        Map.of("on_complete", Map.of("routes", List.of("A", "chat"), "message", "from action")),
        Map.of("on_complete", Map.of("routes", List.of("chat"), "message", "from caller")),
        "timeout");
    assertThat(entries).extracting(NotifySpecs.Entry::route, NotifySpecs.Entry::message,
            NotifySpecs.Entry::renderData)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A", "from action", true),
            org.assertj.core.groups.Tuple.tuple("chat", "from caller", false));
  }

  @Test
  void statusSetsFollowStackStorm() {
    assertThat(NotifySpecs.applies("on_failure", "timeout")).isTrue();
    assertThat(NotifySpecs.applies("on_failure", "abandoned")).isTrue();
    assertThat(NotifySpecs.applies("on_failure", "canceled")).isFalse();
    assertThat(NotifySpecs.applies("on_success", "canceled")).isFalse();
    assertThat(NotifySpecs.applies("on_complete", "canceled")).isTrue();
  }
}
