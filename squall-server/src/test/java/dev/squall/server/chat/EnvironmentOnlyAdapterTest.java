package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.irc.IrcTestClient;
import dev.squall.chat.irc.NgircdServer;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat adapter configured by environment variables alone, as a container is
 * ({@code SQUALL_CHAT_IRC_SERVER=…}, no {@code squall.yaml}), on Debian's ngircd.
 */
class EnvironmentOnlyAdapterTest {

  @TempDir Path dir;

  @Test
  void anIrcAdapterFromTheEnvironmentAloneAnswersInItsChannel() throws Exception {
    try (NgircdServer irc = NgircdServer.start(Files.createDirectories(dir.resolve("ngircd")))) {
      Path home = Files.createDirectories(dir.resolve("home"));
      assertThat(home.resolve("squall.yaml")).doesNotExist();
      try (RunningSquall squall = RunningSquall.startIn(home, Map.of(
              "SQUALL_CHAT_IRC_SERVER", "127.0.0.1",
              "SQUALL_CHAT_IRC_PORT", String.valueOf(irc.port()),
              "SQUALL_CHAT_IRC_NICK", "envbot",
              "SQUALL_CHAT_IRC_CHANNELS", "#env"));
          IrcTestClient envy = IrcTestClient.connect("envy", irc.port())) {
        await("irc adapter connected").atMost(Duration.ofSeconds(30)).until(() ->
            squall.get("/api/v1/chat/adapters").json().findValues("state").stream()
                .anyMatch(s -> s.asText().equalsIgnoreCase("connected")));
        envy.join("#env");
        envy.awaitMember("#env", "envbot");

        envy.say("#env", "!help");

        await("the bot answers in #env").atMost(Duration.ofSeconds(30)).until(() -> envy.lines().stream()
            .anyMatch(l -> l.startsWith(":envbot!") && l.contains(" PRIVMSG #env :") && l.contains("!link")));
      }
    }
  }
}
