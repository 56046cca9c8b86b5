package dev.squall.chat.mattermost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MattermostSettingsTest {

  @Test
  void readsUrlTokenAndDefaults() {
    MattermostSettings s = MattermostSettings.fromConfig("mm", Map.of("url", "https://chat.example.org/", "token", "t"));
    assertThat(s.url().toString()).isEqualTo("https://chat.example.org");
    assertThat(s.websocket().toString()).isEqualTo("wss://chat.example.org/api/v4/websocket");
    assertThat(s.queueCapacity()).isEqualTo(1000);
    assertThat(s.reconnectMin()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void tokenIsRequired() {
    assertThatThrownBy(() -> MattermostSettings.fromConfig("mm", Map.of("url", "https://chat.example.org")))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.mm.token is required");
  }

  @Test
  void urlMustBeHttp() {
    assertThatThrownBy(() -> MattermostSettings.fromConfig("mm", Map.of("url", "chat.example.org", "token", "t")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.mm.url");
  }

  @Test
  void unknownKeyNamesTheClosest() {
    assertThatThrownBy(() -> MattermostSettings.fromConfig("mm", Map.of("url", "https://x.org", "token", "t", "tokne", "x")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.mm.token");
  }
}
