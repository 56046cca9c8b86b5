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
  void theChatReconnectsByItselfAfterTheServerRestarts() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Map<String, String> env = Map.of("SQUALL_SERVER_PORT", Integer.toString(freePort()));
    RunningSquall server = RunningSquall.startIn(home, env);
    try (Browser b = Browser.run("reconnect", server.url(), Map.of())) {
      b.next("connected");
      server.close();
      b.next("reconnecting");
      server = RunningSquall.startIn(home, env);
      assertThat(b.next("answered").path("loggedIn").asBoolean()).as("still logged in").isTrue();
      b.finish();
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
