package dev.squall.chat.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmppSettingsTest {

  @Test
  void appliesDefaults() {
    XmppSettings s = XmppSettings.fromConfig("xmpp", Map.of("jid", "bot@example.org", "password", "pw"));
    assertThat(s.tls()).isEqualTo(XmppSettings.TlsMode.REQUIRED);
    assertThat(s.tlsVerify()).isTrue();
    assertThat(s.nickname()).isEqualTo("bot");
    assertThat(s.port()).isEqualTo(5222);
    assertThat(s.host()).isNull();
    assertThat(s.maxMessageLength()).isEqualTo(10_000);
  }

  @Test
  void readsRoomsAndTlsModeFromText() {
    XmppSettings s = XmppSettings.fromConfig("xmpp", Map.of("jid", "bot@example.org", "password", "pw",
        "tls", "IfPossible", "rooms", "ops@conference.example.org, dev@conference.example.org"));
    assertThat(s.tls()).isEqualTo(XmppSettings.TlsMode.IFPOSSIBLE);
    assertThat(s.rooms()).containsExactly("ops@conference.example.org", "dev@conference.example.org");
  }

  @Test
  void explainsWhatIsWrong() {
    assertThatThrownBy(() -> XmppSettings.fromConfig("xmpp", Map.of("jid", "bot", "password", "pw")))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("chat.xmpp.jid 'bot' must be a bare JID like bot@example.org");
    assertThatThrownBy(() -> XmppSettings.fromConfig("xmpp", Map.of("jid", "b@x", "password", "pw", "tls", "yes")))
        .hasMessage("chat.xmpp.tls must be required, ifpossible or disabled, got 'yes'");
    assertThatThrownBy(() -> XmppSettings.fromConfig("xmpp", Map.of("jid", "b@x", "password", "pw", "rooms", "ops")))
        .hasMessage("chat.xmpp.rooms entry 'ops' must be a room JID like ops@conference.x");
    assertThatThrownBy(() -> XmppSettings.fromConfig("xmpp", Map.of("jid", "b@x", "password", "pw", "room", "a@b")))
        .hasMessage("chat.xmpp.room is not a setting; did you mean chat.xmpp.rooms?");
    assertThatThrownBy(() -> XmppSettings.fromConfig("xmpp", Map.of("jid", "b@x")))
        .hasMessage("chat.xmpp.password is required");
  }
}
