package dev.squall.chat.matrix;

import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.FakePlatform.Posted;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.platforms.ChatAdapters;
import dev.squall.core.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatrixRegistrationTest {

  private final AdapterTestRig rig = new AdapterTestRig();

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  @Test
  void squallYamlMatrixSectionBuildsAMatrixAdapterWithThreads() {
    Config config = new Config(Map.of("chat", Map.of("element", Map.of("type", "matrix",
        "homeserver", "https://matrix.example.org", "access_token", "syt_x"))), Map.of(), Path.of("/tmp"));
    List<ChatAdapter> adapters = ChatAdapters.fromConfig(config);
    assertThat(adapters).singleElement().isInstanceOf(MatrixAdapter.class);
    assertThat(adapters.getFirst().name()).isEqualTo("element");
    assertThat(adapters.getFirst().limits().threads()).isTrue();
    assertThat(adapters.getFirst().limits().maxMessageLength()).isEqualTo(MatrixAdapter.MAX_BODY_LENGTH);
  }

  @Test
  void fakesAdapterConfigConnectsAndAThreadedAnswerIsPostedInTheThread() {
    FakeMatrix server = rig.closeLater(new FakeMatrix());
    Config config = new Config(Map.of("chat", Map.of("matrix", server.adapterConfig())), Map.of(), Path.of("/tmp"));
    ChatAdapter adapter = rig.connected(ChatAdapters.fromConfig(config).getFirst());

    String root = server.userSays("alice", "!ops:localhost", null, "squall: deploy");
    server.userSays("alice", "!ops:localhost", root, "squall: status");
    waiting("both").until(() -> rig.received().size() == 2);
    IncomingMessage status = rig.received().get(1);
    adapter.send(OutgoingMessage.text(status.room(), status.thread(), "all green"));

    waiting("posted").until(() -> server.posted().size() == 1);
    assertThat(server.posted()).containsExactly(new Posted("!ops:localhost", root, "all green"));
    assertThat(rig.received()).extracting(IncomingMessage::thread).containsExactly(null, root);
  }
}
