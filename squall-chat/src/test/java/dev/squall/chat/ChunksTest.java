package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Test
  void shortTextIsOnePart() {
    assertThat(Chunks.split("hello", 10)).containsExactly("hello");
  }

  @Test
  void splitsAtLineBreaksWhenItCan() {
    assertThat(Chunks.split("aaaa\nbbbb\ncccc", 10)).containsExactly("aaaa\nbbbb", "cccc");
  }

  @Test
  void longLinesAreCutAtTheLimitAndNothingIsLost() {
    String text = "x".repeat(25);
    List<String> parts = Chunks.split(text, 10);
    assertThat(parts).containsExactly("x".repeat(10), "x".repeat(10), "x".repeat(5));
  }

  @Test
  void neverCutsASurrogatePair() {
    String text = "abcdefghi\uD83D\uDE00z";
    List<String> parts = Chunks.split(text, 10);
    assertThat(String.join("", parts)).isEqualTo(text);
    assertThat(parts.get(0)).isEqualTo("abcdefghi");
  }
}
