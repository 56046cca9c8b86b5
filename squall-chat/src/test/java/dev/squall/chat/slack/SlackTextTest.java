package dev.squall.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {

  @Test
  void shortTextIsOnePiece() {
    assertThat(SlackText.split("hello", 10)).containsExactly("hello");
  }

  @Test
  void splitsAtTheLastLineBreakBeforeTheLimit() {
    assertThat(SlackText.split("aaaa\nbbbb\ncc", 10)).containsExactly("aaaa\nbbbb", "cc");
  }

  @Test
  void cutsALongLineHardWithoutBreakingASurrogatePair() {
    String text = "abcd" + "😀" + "efgh";
    assertThat(String.join("", SlackText.split(text, 5))).isEqualTo(text);
    assertThat(SlackText.split(text, 5).getFirst()).isEqualTo("abcd");
  }
}
