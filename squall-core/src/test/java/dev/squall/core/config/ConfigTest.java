package dev.squall.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  @TempDir Path home;

  @Test
  void readsNestedKeysFromSquallYamlInHome() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "server:\n  port: 9200\nchat:\n  irc:\n    server: irc.local\n");
    Config config = Config.load(null, Map.of("SQUALL_HOME", home.toString()));
    assertThat(config.integer("server.port", 9101)).isEqualTo(9200);
    assertThat(config.string("chat.irc.server", null)).isEqualTo("irc.local");
    assertThat(config.string("chat.irc.nick", "squall")).isEqualTo("squall");
  }

  @Test
  void environmentOverridesTheFile() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "server:\n  port: 9200\n");
    Config config = Config.load(null, Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "9300"));
    assertThat(config.integer("server.port", 9101)).isEqualTo(9300);
    assertThat(Config.envName("chat.irc.server")).isEqualTo("SQUALL_CHAT_IRC_SERVER");
  }

  @Test
  void sectionIncludesEnvironmentKeys() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "chat:\n  irc:\n    server: a\n");
    Config config = Config.load(null,
        Map.of("SQUALL_HOME", home.toString(), "SQUALL_CHAT_IRC_NICK", "bot"));
    assertThat(config.section("chat.irc")).containsEntry("server", "a").containsEntry("nick", "bot");
  }

  @Test
  void fileReferencesAreReadForSecrets() throws Exception {
    Path secret = Files.writeString(home.resolve("pw"), "s3cret\n");
    Config config = Config.load(null,
        Map.of("SQUALL_HOME", home.toString(), "SQUALL_SMTP_PASSWORD", "file:" + secret));
    assertThat(config.string("smtp.password", null)).isEqualTo("s3cret");
  }

  @Test
  void aBadValueInTheFileNamesTheFileLineAndKeyNotAnEnvironmentVariable() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "chat:\n  prefix: '!'\nserver:\n  port: abc\n");
    Config config = Config.load(null, Map.of("SQUALL_HOME", home.toString()));
    assertThatThrownBy(() -> config.integer("server.port", 1))
        .isInstanceOf(BadRequestException.class)
        .hasMessage(home.resolve("squall.yaml") + ":4: server.port must be an integer, not 'abc'");
  }

  @Test
  void aBadValueFromTheEnvironmentNamesTheVariable() {
    Config config = new Config(Map.of(), Map.of("SQUALL_CHAT_WEB_ENABLED", "maybe"), home);
    assertThatThrownBy(() -> config.bool("chat.web.enabled", true))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("SQUALL_CHAT_WEB_ENABLED: chat.web.enabled must be true or false, not 'maybe'");
  }

  @Test
  void malformedYamlNamesTheFileAndLine() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "server:\n  port: 1\n  host: [1\n");
    assertThatThrownBy(() -> Config.load(null, Map.of("SQUALL_HOME", home.toString())))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("squall.yaml:")
        .hasMessageMatching("(?s).*squall\\.yaml:[34]:\\d+: invalid YAML: .*");
  }

  @Test
  void aMisspeltSectionIsReportedWithItsLineAndTheClosestName() throws Exception {
    Files.writeString(home.resolve("squall.yaml"), "server:\n  port: 1\nretension:\n  executions: 5\n");
    Config config = Config.load(null, Map.of("SQUALL_HOME", home.toString()));
    assertThat(config.unknownSections(java.util.Set.of("server", "retention")))
        .containsExactly(home.resolve("squall.yaml") + ":3: unknown section \"retension\""
            + " (did you mean \"retention\"?); it is ignored");
  }
}
