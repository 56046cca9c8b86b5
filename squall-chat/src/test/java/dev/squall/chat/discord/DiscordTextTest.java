package dev.squall.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscordTextTest {

  @Test
  void bothMentionFormsOfTheBotAreRemovedButOthersStay() {
    assertThat(DiscordText.withoutMention("<@42> run <@!42>  now <@7>", "42")).isEqualTo("run now <@7>");
    assertThat(DiscordText.withoutMention("<@42> echo  a  b", "42")).isEqualTo("echo  a  b");
  }
}
