package dev.squall.chat.discord;

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
import org.junit.jupiter.api.Test;

class DiscordRegistrationTest {

  @Test
  void squallYamlDiscordSectionBuildsADiscordAdapterWithThreads() {
    Config config = new Config(Map.of("chat", Map.of("guild", Map.of("type", "discord", "token", "abc"))),
        Map.of(), Path.of("/tmp"));
    List<ChatAdapter> adapters = ChatAdapters.fromConfig(config);
    assertThat(adapters).singleElement().isInstanceOf(DiscordAdapter.class);
    assertThat(adapters.getFirst().name()).isEqualTo("guild");
    assertThat(adapters.getFirst().limits().threads()).isTrue();
    assertThat(adapters.getFirst().limits().maxMessageLength()).isEqualTo(2000);
  }

  @Test
  void theFakesAdapterConfigConnectsAndAReplyLandsInTheUsersThread() throws Exception {
    try (AdapterTestRig rig = new AdapterTestRig()) {
      FakeDiscord discord = rig.closeLater(new FakeDiscord());
      ChatAdapter adapter = rig.connected(ChatAdapters.fromConfig(new Config(
          Map.of("chat", Map.of("discord", discord.adapterConfig())), Map.of(), Path.of("/tmp"))).getFirst());

      String root = discord.userSays("alice", "1500000000000000001", null, "deploy?");
      discord.userSays("alice", "1500000000000000001", root, "!st2 status");
      waiting("both messages").until(() -> rig.received().size() == 2);
      IncomingMessage in = rig.received().getLast();
      assertThat(in.userId()).isEqualTo("alice");
      assertThat(in.thread()).isEqualTo(root);

      adapter.send(OutgoingMessage.text(in.room(), in.thread(), "all good"));
      waiting("reply").until(() -> !discord.posted().isEmpty());
      assertThat(discord.posted()).containsExactly(new Posted("1500000000000000001", root, "all good"));
    }
  }
}
