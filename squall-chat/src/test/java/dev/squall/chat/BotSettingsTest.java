package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.config.Config;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotSettingsTest {

  @Test
  void defaultsWithoutConfiguration() {
    BotSettings s = BotSettings.from(new Config(Map.of(), Map.of(), Path.of("/tmp")));
    assertThat(s).isEqualTo(BotSettings.defaults());
    assertThat(s.prefix()).isEqualTo("!");
    assertThat(s.maxParts()).isEqualTo(10);
    assertThat(s.maxLineLength()).isEqualTo(4000);
    assertThat(s.defaultUser()).isEqualTo("chatops");
    assertThat(s.answerUnknown("irc")).isTrue();
  }

  @Test
  void usersPrefixAndPerAdapterAnswersFromTheFileAndEnvironment() {
    Map<String, Object> root = Map.of("chat", Map.of(
        "prefix", ".",
        "users", Map.of("irc:alice", "alice"),
        "irc", Map.of("server", "localhost", "answer_unknown", false),
        "xmpp", Map.of("server", "localhost")));
    Config config = new Config(root, Map.of("SQUALL_CHAT_MAX_PARTS", "3"), Path.of("/tmp"));
    BotSettings s = BotSettings.from(config);
    assertThat(s.prefix()).isEqualTo(".");
    assertThat(s.maxParts()).isEqualTo(3);
    assertThat(s.users()).containsExactly(Map.entry("irc:alice", "alice"));
    assertThat(s.answerUnknown("irc")).isFalse();
    assertThat(s.answerUnknown("xmpp")).isTrue();
  }

  @Test
  void tooFewPartsIsAConfigurationError() {
    Config config = new Config(Map.of(), Map.of("SQUALL_CHAT_MAX_PARTS", "1"), Path.of("/tmp"));
    assertThatThrownBy(() -> BotSettings.from(config)).hasMessageContaining("chat.max_parts must be at least 2");
  }

  @Test
  void progressIsAfterFiveSecondsEveryFiveAndNoLinesOnIrcUnlessAsked() {
    Map<String, Object> root = Map.of("chat", Map.of(
        "progress_after", 2,
        "irc", Map.of("server", "localhost", "progress_lines", 3),
        "xmpp", Map.of("server", "localhost")));
    ProgressSettings progress = BotSettings.from(new Config(root, Map.of("SQUALL_CHAT_PROGRESS_INTERVAL", "7"),
        Path.of("/tmp"))).progress();
    assertThat(progress.after()).hasSeconds(2);
    assertThat(progress.interval()).hasSeconds(7);
    assertThat(progress.lines("irc")).isEqualTo(3);
    assertThat(progress.lines("xmpp")).isZero();

    ProgressSettings defaults = BotSettings.defaults().progress();
    assertThat(defaults.after()).hasSeconds(5);
    assertThat(defaults.interval()).hasSeconds(5);
    assertThat(defaults.lines("irc")).isZero();
  }

  @Test
  void aProgressIntervalUnderASecondIsAConfigurationError() {
    Config config = new Config(Map.of(), Map.of("SQUALL_CHAT_PROGRESS_INTERVAL", "0"), Path.of("/tmp"));
    assertThatThrownBy(() -> BotSettings.from(config)).hasMessageContaining("chat.progress_interval must be at least 1");
  }
}
