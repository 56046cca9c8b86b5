package dev.squall.chat.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.AdapterHealth.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS against a real Prosody with a self-signed certificate. */
class XmppTlsTest {

  @TempDir Path dir;

  private XmppAdapter adapter(ProsodyServer server, boolean verify) {
    XmppAdapter adapter = new XmppAdapter("xmpp", XmppSettings.fromConfig("xmpp", Map.of(
        "jid", "squall@localhost", "password", "pw", "host", ProsodyServer.HOST, "port", server.port(),
        "tls", "required", "tls_verify", verify, "rooms", List.of("ops@conference.localhost"),
        "reconnect_min_ms", 200)));
    adapter.start(message -> {});
    return adapter;
  }

  @Test
  void connectsWithRequiredTlsWhenVerificationIsOff() throws Exception {
    try (ProsodyServer server = ProsodyServer.start(dir, true)) {
      server.register("squall", "pw");
      try (XmppAdapter adapter = adapter(server, false)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> adapter.health().state() == State.CONNECTED);
      }
    }
  }

  @Test
  void refusesTheSelfSignedCertificateWhenVerificationIsOn() throws Exception {
    try (ProsodyServer server = ProsodyServer.start(dir, true)) {
      server.register("squall", "pw");
      try (XmppAdapter adapter = adapter(server, true)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> adapter.health().state() == State.DISCONNECTED);
        assertThat(adapter.health().detail()).contains("cannot connect as squall@localhost").contains("retrying in")
            .containsIgnoringCase("certific");
      }
    }
  }
}
