package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI after the server restarts: the chat reconnects by itself and the session goes on. */
class WebUiReconnectTest {

  @TempDir Path dir;

  @Test
  void theChatReconnectsByItselfAfterTheServerRestarts() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Map<String, String> env = Map.of("SQUALL_SERVER_PORT", Integer.toString(freePort()));
    RunningSquall server = RunningSquall.startIn(home, env);
    try (Chromium chromium = Chromium.start(dir); BrowserPage page = chromium.open(server.url().resolve("/#/chat"))) {
      page.waitFor("document.getElementById('password')", "the login form");
      page.type("Username", "admin");
      page.type("Password", RunningSquall.ADMIN_PASSWORD);
      page.press("Log in");
      page.waitFor("document.getElementById('chat-state') && document.getElementById('chat-state').textContent === 'connected'",
          "the chat connected");

      server.close();
      page.waitFor("document.getElementById('chat-state').textContent.includes('reconnecting')", "the chat reconnecting");
      server = RunningSquall.startIn(home, env);
      page.waitFor("document.getElementById('chat-state').textContent === 'connected'", "the chat connected again");
      page.type("Message", "!help");
      page.press("Send");
      page.waitFor("document.querySelectorAll('#chat-log li.plain').length > 0", "the bot's answer after the restart");
      assertThat(page.eval("document.getElementById('top').hidden").asBoolean()).as("still logged in").isFalse();
      page.screenshot("chat-after-restart");
    } finally {
      server.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
