package dev.squall.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.chat.ChatAdapter;
import dev.squall.chat.platforms.ChatAdapters;
import dev.squall.core.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackRegistrationTest {

  @Test
  void squallYamlSlackSectionBuildsASlackAdapterWithThreads() {
    Config config = new Config(Map.of("chat", Map.of("work", Map.of("type", "slack",
        "app_token", "xapp-1", "bot_token", "xoxb-2"))), Map.of(), Path.of("/tmp"));
    List<ChatAdapter> adapters = ChatAdapters.fromConfig(config);
    assertThat(adapters).singleElement().isInstanceOf(SlackAdapter.class);
    assertThat(adapters.getFirst().name()).isEqualTo("work");
    assertThat(adapters.getFirst().limits().threads()).isTrue();
    assertThat(adapters.getFirst().limits().maxMessageLength()).isEqualTo(3_900);
  }
}
