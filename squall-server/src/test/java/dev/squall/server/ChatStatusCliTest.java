package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.MemoryAdapter;
import dev.squall.cli.CliEnvironment;
import dev.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatStatusCliTest {

  @TempDir Path home;

  @Test
  void chatStatusListsEveryAdapterWithItsState() {
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false"))) {
      squall.squall().bot().addAdapter(new MemoryAdapter(1000));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CliEnvironment env = new CliEnvironment(
          Map.of("SQUALL_HOME", home.toString(), "SQUALL_API_URL", squall.url().toString()),
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
      int code = SquallCli.commandLine(env).execute("chat", "status");
      String table = out.toString(StandardCharsets.UTF_8);
      assertThat(code).isZero();
      assertThat(table.lines().toList()).hasSize(3);
      assertThat(table).startsWith("ADAPTER").contains("memory", "in memory", "web", "connected");
      // One node alone holds every adapter it has.
      assertThat(table.lines().toList().get(0)).contains("HOLDER");
      assertThat(table.lines().skip(1)).allMatch(l -> l.contains(squall.squall().executions().nodeId()));
    }
  }

  @Test
  void theWebChatCanBeTurnedOff() {
    try (RunningSquall squall = RunningSquall.startIn(home,
        Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false", "SQUALL_CHAT_WEB_ENABLED", "false"))) {
      assertThat(squall.squall().bot().health()).isEmpty();
      assertThat(squall.get("/chat").status()).isEqualTo(404);
    }
  }
}
