package dev.squall.chat.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConsoleAdapterTest {

  @Test
  void everyLineIsADirectMessageFromTheLocalUserAndRepliesArePrinted() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keyboard);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    List<IncomingMessage> heard = new CopyOnWriteArrayList<>();
    try (ConsoleAdapter console = new ConsoleAdapter(in, new PrintStream(screen, true, StandardCharsets.UTF_8), "ops")) {
      console.start(m -> {
        heard.add(m);
        console.send(OutgoingMessage.text(m.room(), m.thread(), "you said " + m.text()));
      });
      assertThat(console.health().state()).isEqualTo(AdapterHealth.State.CONNECTED);

      keyboard.write("help\n\n!run date\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();

      await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
      assertThat(heard).extracting(IncomingMessage::text).containsExactly("help", "!run date");
      assertThat(heard).allSatisfy(m -> {
        assertThat(m.direct()).isTrue();
        assertThat(m.userId()).isEqualTo("ops");
        assertThat(m.adapter()).isEqualTo("console");
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> screen.toString(StandardCharsets.UTF_8)
          .equals("you said help" + System.lineSeparator() + "you said !run date" + System.lineSeparator()));

      keyboard.close();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> console.health().state() == AdapterHealth.State.STOPPED);
      assertThat(console.health().detail()).isEqualTo("end of input");
    }
  }
}
