package dev.squall.chat.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixSettingsTest {

  @Test
  void readsHomeserverTokenAndDefaults() {
    MatrixSettings s = MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://matrix.example.org/",
        "access_token", "syt_x"));
    assertThat(s.homeserver().toString()).isEqualTo("https://matrix.example.org");
    assertThat(s.accessToken()).isEqualTo("syt_x");
    assertThat(s.canLogIn()).isFalse();
    assertThat(s.rooms()).isEmpty();
    assertThat(s.msgtype()).isEqualTo("m.notice");
    assertThat(s.joinInvites()).isTrue();
    assertThat(s.queueCapacity()).isEqualTo(1000);
    assertThat(s.reconnectMin()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.syncTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.toString()).doesNotContain("syt_x");
  }

  @Test
  void userAndPasswordInsteadOfAToken() {
    MatrixSettings s = MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.example.org",
        "user", "@squall:example.org", "password", "pw", "rooms", "#ops:example.org, !abc:example.org"));
    assertThat(s.accessToken()).isNull();
    assertThat(s.canLogIn()).isTrue();
    assertThat(s.rooms()).containsExactly("#ops:example.org", "!abc:example.org");
    assertThat(s.toString()).doesNotContain("pw");
  }

  @Test
  void homeserverIsRequiredAndMustBeHttp() {
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("access_token", "t")))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.mx.homeserver is required");
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "matrix.org", "access_token", "t")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.mx.homeserver");
  }

  @Test
  void aTokenOrUserAndPasswordAreRequired() {
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.org")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("chat.mx.access_token is required (or chat.mx.user and chat.mx.password to log in)");
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.org", "user", "squall")))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.mx.password is required with chat.mx.user");
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.org", "password", "pw")))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.mx.user is required with chat.mx.password");
  }

  @Test
  void roomsMustBeIdsOrAliasesAndMsgtypeNoticeOrText() {
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.org", "access_token", "t",
        "rooms", List.of("ops"))))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.mx.rooms: 'ops'");
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.org", "access_token", "t",
        "msgtype", "m.emote")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.mx.msgtype must be m.notice or m.text");
  }

  @Test
  void syncTimeoutIsAtLeastASecond() {
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.org", "access_token", "t",
        "sync_timeout_ms", "0")))
        .isInstanceOf(BadRequestException.class).hasMessage("chat.mx.sync_timeout_ms must be between 1000 and 300000, got 0");
  }

  @Test
  void unknownKeyNamesTheClosest() {
    assertThatThrownBy(() -> MatrixSettings.fromConfig("mx", Map.of("homeserver", "https://m.org", "acces_token", "t")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("chat.mx.acces_token is not a setting; did you mean chat.mx.access_token?");
  }
}
