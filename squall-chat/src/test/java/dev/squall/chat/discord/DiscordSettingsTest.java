package dev.squall.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscordSettingsTest {

  @Test
  void readsTheTokenAndDefaults() {
    DiscordSettings s = DiscordSettings.fromConfig("discord", Map.of("token", "abc.def"));
    assertThat(s.token()).isEqualTo("abc.def");
    assertThat(s.apiUrl().toString()).isEqualTo("https://discord.com/api/v10");
    assertThat(s.api("/gateway/bot").toString()).isEqualTo("https://discord.com/api/v10/gateway/bot");
    assertThat(s.queueCapacity()).isEqualTo(1000);
    assertThat(s.reconnectMin()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.toString()).doesNotContain("abc.def");
  }

  @Test
  void aPastedBotPrefixAndATrailingSlashAreDropped() {
    DiscordSettings s = DiscordSettings.fromConfig("d", Map.of("token", "Bot abc.def",
        "api_url", "http://localhost:8080/api/v10/", "queue_size", "5"));
    assertThat(s.token()).isEqualTo("abc.def");
    assertThat(s.apiUrl().toString()).isEqualTo("http://localhost:8080/api/v10");
    assertThat(s.queueCapacity()).isEqualTo(5);
  }

  @Test
  void tokenIsRequired() {
    assertThatThrownBy(() -> DiscordSettings.fromConfig("discord", Map.of()))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.discord.token is required");
  }

  @Test
  void apiUrlMustBeHttp() {
    assertThatThrownBy(() -> DiscordSettings.fromConfig("discord", Map.of("token", "t", "api_url", "discord.com")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.discord.api_url");
  }

  @Test
  void unknownKeyNamesTheClosest() {
    assertThatThrownBy(() -> DiscordSettings.fromConfig("discord", Map.of("token", "t", "api_ur", "x")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.discord.api_url");
  }

  @Test
  void reconnectMaxBelowMinIsRefused() {
    assertThatThrownBy(() -> DiscordSettings.fromConfig("discord", Map.of("token", "t",
        "reconnect_min_ms", 5000, "reconnect_max_ms", 1000)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.discord.reconnect_max_ms");
  }
}
