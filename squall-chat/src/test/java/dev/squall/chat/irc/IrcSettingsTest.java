package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IrcSettingsTest {

  @Test
  void appliesDefaults() {
    IrcSettings s = IrcSettings.fromConfig("irc", Map.of("server", "irc.libera.chat"));
    assertThat(s.port()).isEqualTo(6667);
    assertThat(s.tls()).isFalse();
    assertThat(s.tlsVerify()).isTrue();
    assertThat(s.nick()).isEqualTo("squall");
    assertThat(s.username()).isEqualTo("squall");
    assertThat(s.floodBurst()).isEqualTo(5);
    assertThat(s.floodInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.reconnectMin()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void acceptsTextValuesFromEnvironmentOverrides() {
    IrcSettings s = IrcSettings.fromConfig("irc", Map.of(
        "server", "irc.example", "tls", "true", "channels", "ops, #dev", "flood_burst", "3"));
    assertThat(s.port()).isEqualTo(6697);
    assertThat(s.channels()).containsExactly("#ops", "#dev");
    assertThat(s.floodBurst()).isEqualTo(3);
    assertThat(IrcSettings.fromConfig("irc", Map.of("server", "x", "channels", List.of("#a"))).channels())
        .containsExactly("#a");
  }

  @Test
  void namesTheClosestKeyForATypo() {
    assertThatThrownBy(() -> IrcSettings.fromConfig("irc", Map.of("server", "x", "chanels", "#a")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("chat.irc.chanels is not a setting; did you mean chat.irc.channels?");
  }

  @Test
  void reportsBadValuesWithTheirKey() {
    assertThatThrownBy(() -> IrcSettings.fromConfig("irc", Map.of("server", "x", "port", "abc")))
        .hasMessage("chat.irc.port must be an integer, got 'abc'");
    assertThatThrownBy(() -> IrcSettings.fromConfig("irc", Map.of("port", 1)))
        .hasMessage("chat.irc.server is required");
    assertThatThrownBy(() -> IrcSettings.fromConfig("irc", Map.of("server", "x", "sasl_user", "bot")))
        .hasMessageContaining("sasl_password");
  }
}
