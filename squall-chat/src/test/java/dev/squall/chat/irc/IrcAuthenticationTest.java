package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.AdapterHealth.State;
import dev.squall.chat.IncomingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** SASL, NickServ and IRCv3 accounts, against a scripted server (ngircd has no SASL). */
class IrcAuthenticationTest {

  private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();

  private IrcAdapter adapter(int port, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(Map.of(
        "server", NgircdServer.HOST, "port", port, "nick", "squall", "channels", "#ops"));
    config.putAll(extra);
    IrcAdapter adapter = new IrcAdapter("irc", IrcSettings.fromConfig("irc", config));
    adapter.start(received::add);
    return adapter;
  }

  @Test
  void logsInWithSaslPlainAndTakesTheAccountTagAsUserId() throws Exception {
    try (ScriptedIrcServer server = new ScriptedIrcServer();
        IrcAdapter adapter = adapter(server.port(), Map.of("sasl_user", "bot", "sasl_password", "s3cret"))) {
      server.accept();
      server.expect("CAP LS 302");
      server.expect("NICK squall");
      server.expectStart("USER squall 0 * :");
      server.send(":srv CAP * LS * :multi-prefix sasl=PLAIN,EXTERNAL");
      server.send(":srv CAP * LS :account-tag");
      String req = server.expectStart("CAP REQ :");
      assertThat(req.substring("CAP REQ :".length()).split(" ")).containsExactlyInAnyOrder("sasl", "account-tag");
      server.send(":srv CAP squall ACK :sasl account-tag");
      server.expect("AUTHENTICATE PLAIN");
      server.send("AUTHENTICATE +");
      server.expect("AUTHENTICATE " + Base64.getEncoder().encodeToString("bot\0bot\0s3cret".getBytes(StandardCharsets.UTF_8)));
      server.send(":srv 900 squall squall!squall@host bot :You are now logged in as bot");
      server.send(":srv 903 squall :SASL authentication successful");
      server.expect("CAP END");
      server.send(":srv 001 squall :Welcome");
      server.send(":srv 376 squall :End of MOTD");
      server.expect("JOIN #ops");
      await().atMost(Duration.ofSeconds(30)).until(() -> adapter.health().state() == State.CONNECTED);

      server.send("@account=alice-account;time=2026-01-01T00:00:00.000Z :alice!~a@example.org PRIVMSG #ops :squall, deploy");
      server.send(":bob!~b@example.org PRIVMSG #ops :\u0002squall\u0002: status");

      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 2);
      assertThat(received.get(0).userId()).isEqualTo("alice-account");
      assertThat(received.get(0).userName()).isEqualTo("alice");
      assertThat(received.get(0).mentioned()).isTrue();
      assertThat(received.get(1).userId()).isEqualTo("bob");
      assertThat(received.get(1).text()).as("formatting codes removed").isEqualTo("squall: status");
      assertThat(received.get(1).mentioned()).isTrue();
    }
  }

  @Test
  void failedSaslIsReportedAndRegistrationGoesOn() throws Exception {
    try (ScriptedIrcServer server = new ScriptedIrcServer();
        IrcAdapter adapter = adapter(server.port(), Map.of("sasl_user", "bot", "sasl_password", "wrong"))) {
      server.accept();
      server.expect("CAP LS 302");
      server.expect("NICK squall");
      server.expectStart("USER ");
      server.send(":srv CAP * LS :sasl");
      server.expect("CAP REQ :sasl");
      server.send(":srv CAP squall ACK :sasl");
      server.expect("AUTHENTICATE PLAIN");
      server.send("AUTHENTICATE +");
      server.expectStart("AUTHENTICATE ");
      server.send(":srv 904 squall :SASL authentication failed");
      server.expect("CAP END");
      server.send(":srv 001 squall :Welcome");
      server.send(":srv 422 squall :MOTD File is missing");
      server.expect("JOIN #ops");

      await().atMost(Duration.ofSeconds(30)).until(() -> adapter.health().detail().contains("SASL login as bot failed"));
      assertThat(adapter.health().state()).isEqualTo(State.CONNECTED);
    }
  }

  @Test
  void identifiesWithNickServAfterWelcomeAndBeforeJoining() throws Exception {
    try (ScriptedIrcServer server = new ScriptedIrcServer();
        IrcAdapter adapter = adapter(server.port(), Map.of("nickserv_password", "ns-pw", "password", "server-pw"))) {
      server.accept();
      server.expect("CAP LS 302");
      server.expect("PASS server-pw");
      server.expect("NICK squall");
      server.expectStart("USER ");
      server.send(":srv 421 squall CAP :Unknown command"); // a server without IRCv3
      server.send(":srv 001 squall :Welcome");
      server.expect("PRIVMSG NickServ :IDENTIFY ns-pw");
      server.send(":srv 376 squall :End of MOTD");
      server.expect("JOIN #ops");
      server.send("PING :srv-check");
      server.expect("PONG :srv-check");
      assertThat(adapter.health().state()).isEqualTo(State.CONNECTED);
    }
  }
}
