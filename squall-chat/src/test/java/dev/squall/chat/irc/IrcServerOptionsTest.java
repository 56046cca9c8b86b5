package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and server passwords, against a real ngircd. */
class IrcServerOptionsTest {

  @TempDir Path dir;
  private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();

  private IrcAdapter adapter(Map<String, Object> config) {
    Map<String, Object> all = new HashMap<>(Map.of("server", NgircdServer.HOST, "nick", "squall",
        "channels", "#ops", "reconnect_min_ms", 200));
    all.putAll(config);
    IrcAdapter adapter = new IrcAdapter("irc", IrcSettings.fromConfig("irc", all));
    adapter.start(received::add);
    return adapter;
  }

  @Test
  void talksOverTlsToASelfSignedServerWhenVerificationIsOff() throws Exception {
    try (NgircdServer server = NgircdServer.start(dir, new NgircdServer.Options(null, true));
        IrcAdapter adapter = adapter(Map.of("port", server.tlsPort(), "tls", true, "tls_verify", false));
        IrcTestClient alice = IrcTestClient.connect("alice", server.port())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> adapter.health().state() == State.CONNECTED);
      alice.join("#ops");
      alice.awaitMember("#ops", "squall");

      alice.say("#ops", "squall: over tls");
      adapter.send(OutgoingMessage.text("#ops", null, "encrypted reply"));

      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1 && alice.privmsgs("squall", "#ops").size() == 1);
      assertThat(received.getFirst().text()).isEqualTo("squall: over tls");
      assertThat(alice.privmsgs("squall", "#ops").getFirst().last()).isEqualTo("encrypted reply");
    }
  }

  @Test
  void refusesASelfSignedCertificateWhenVerificationIsOn() throws Exception {
    try (NgircdServer server = NgircdServer.start(dir, new NgircdServer.Options(null, true));
        IrcAdapter adapter = adapter(Map.of("port", server.tlsPort(), "tls", true))) {
      await().atMost(Duration.ofSeconds(30)).until(() ->
          adapter.health().state() == State.DISCONNECTED && adapter.health().detail().contains("cannot talk to"));
      assertThat(adapter.health().detail()).containsIgnoringCase("certif").contains("retrying in");
    }
  }

  @Test
  void sendsTheServerPassword() throws Exception {
    try (NgircdServer server = NgircdServer.start(dir, new NgircdServer.Options("letmein", false));
        IrcAdapter adapter = adapter(Map.of("port", server.port(), "password", "letmein"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> adapter.health().state() == State.CONNECTED);
    }
  }

  @Test
  void reportsAWrongServerPasswordAndKeepsRetrying() throws Exception {
    try (NgircdServer server = NgircdServer.start(dir, new NgircdServer.Options("letmein", false));
        IrcAdapter adapter = adapter(Map.of("port", server.port(), "password", "wrong"))) {
      await().atMost(Duration.ofSeconds(30)).until(() ->
          adapter.health().state() == State.DISCONNECTED && adapter.health().detail().contains("by the server"));
      assertThat(adapter.health().detail()).containsIgnoringCase("password");
    }
  }
}
