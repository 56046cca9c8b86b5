package dev.squall.chat.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.chat.ChatAdapter;
import dev.squall.chat.platforms.ChatAdapters;
import dev.squall.core.config.Config;
import dev.squall.core.error.BadRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamsSettingsTest {

  @Test
  void readsCredentialsAndDefaults() {
    TeamsSettings s = TeamsSettings.fromConfig("teams", Map.of("app_id", " app ", "app_password", "secret"));
    assertThat(s.appId()).isEqualTo("app");
    assertThat(s.appPassword()).isEqualTo("secret");
    assertThat(s.listenHost()).isEqualTo("127.0.0.1");
    assertThat(s.listenPort()).isEqualTo(3978);
    assertThat(s.serviceUrl()).isNull();
    assertThat(s.tokenUrl()).hasToString("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");
    assertThat(s.openIdMetadataUrl()).hasToString("https://login.botframework.com/v1/.well-known/openidconfiguration");
    assertThat(s.queueCapacity()).isEqualTo(1000);
    assertThat(s.reconnectMin()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void portAndServiceUrlMayBeGivenAsText() {
    TeamsSettings s = TeamsSettings.fromConfig("teams", Map.of("app_id", "a", "app_password", "p",
        "listen_host", "0.0.0.0", "listen_port", "0", "service_url", "https://smba.trafficmanager.net/emea/"));
    assertThat(s.listenHost()).isEqualTo("0.0.0.0");
    assertThat(s.listenPort()).isZero();
    assertThat(s.serviceUrl()).hasToString("https://smba.trafficmanager.net/emea");
  }

  @Test
  void appIdAndPasswordAreRequired() {
    assertThatThrownBy(() -> TeamsSettings.fromConfig("teams", Map.of("app_password", "p")))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.teams.app_id is required");
    assertThatThrownBy(() -> TeamsSettings.fromConfig("teams", Map.of("app_id", "a")))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.teams.app_password is required");
  }

  @Test
  void urlsMustBeHttpAndPortInRange() {
    assertThatThrownBy(() -> TeamsSettings.fromConfig("teams", Map.of("app_id", "a", "app_password", "p",
        "service_url", "smba.trafficmanager.net"))).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("chat.teams.service_url");
    assertThatThrownBy(() -> TeamsSettings.fromConfig("teams", Map.of("app_id", "a", "app_password", "p",
        "listen_port", 70000))).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("chat.teams.listen_port must be between 0 and 65535");
  }

  @Test
  void unknownKeyNamesTheClosest() {
    assertThatThrownBy(() -> TeamsSettings.fromConfig("teams", Map.of("app_id", "a", "app_password", "p", "app_pasword", "x")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("did you mean chat.teams.app_password?");
  }

  @Test
  void squallYamlTeamsSectionBuildsATeamsAdapterWithThreads() {
    Config config = new Config(Map.of("chat", Map.of("corp", Map.of("type", "teams",
        "app_id", "a", "app_password", "p"))), Map.of(), Path.of("/tmp"));
    List<ChatAdapter> adapters = ChatAdapters.fromConfig(config);
    assertThat(adapters).singleElement().isInstanceOf(TeamsAdapter.class);
    assertThat(adapters.getFirst().name()).isEqualTo("corp");
    assertThat(adapters.getFirst().limits().threads()).isTrue();
    assertThat(adapters.getFirst().limits().maxMessageLength()).isEqualTo(20_000);
  }
}
