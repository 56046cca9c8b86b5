package dev.squall.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {

  @Test
  void defaultsPointAtSlack() {
    SlackSettings s = SlackSettings.fromConfig("slack", Map.of("app_token", "xapp-1", "bot_token", "xoxb-2"));
    assertThat(s.apiUrl()).hasToString("https://slack.com/api/");
    assertThat(s.queueCapacity()).isEqualTo(1000);
    assertThat(s.reconnectMin()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.toString()).doesNotContain("xoxb-2");
  }

  @Test
  void rejectsTokensSwapped() {
    assertThatThrownBy(() -> SlackSettings.fromConfig("slack", Map.of("app_token", "xoxb-2", "bot_token", "xapp-1")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.slack.app_token");
  }

  @Test
  void unknownKeyNamesTheClosest() {
    assertThatThrownBy(() -> SlackSettings.fromConfig("slack",
        Map.of("app_token", "xapp-1", "bot_token", "xoxb-2", "bot_tokn", "x")))
        .hasMessageContaining("chat.slack.bot_token");
  }

  @Test
  void apiUrlGetsATrailingSlash() {
    assertThat(SlackSettings.fromConfig("slack", Map.of("app_token", "xapp-1", "bot_token", "xoxb-2",
        "api_url", "http://localhost:1/api")).apiUrl()).hasToString("http://localhost:1/api/");
  }
}
