package dev.squall.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiscordTextTest {

  @Test
  void shortTextIsOnePiece() {
    assertThat(DiscordText.split("hi", DiscordText.LIMIT)).containsExactly("hi");
    assertThat(DiscordText.split("", DiscordText.LIMIT)).containsExactly("");
  }

  @Test
  void longTextIsCutAtALineBreakNearTheLimit() {
    String first = "a".repeat(1500);
    String second = "b".repeat(1500);
    assertThat(DiscordText.split(first + "\n" + second, DiscordText.LIMIT)).containsExactly(first, second);
  }

  @Test
  void aSurrogatePairIsNeverCut() {
    String text = "a".repeat(1999) + "😀" + "b";
    List<String> parts = DiscordText.split(text, DiscordText.LIMIT);
    assertThat(parts).containsExactly("a".repeat(1999), "😀b");
  }

  @Test
  void bothMentionFormsOfTheBotAreRemovedButOthersStay() {
    assertThat(DiscordText.withoutMention("<@42> run <@!42>  now <@7>", "42")).isEqualTo("run now <@7>");
    assertThat(DiscordText.withoutMention("<@42> echo  a  b", "42")).isEqualTo("echo  a  b");
  }
}
