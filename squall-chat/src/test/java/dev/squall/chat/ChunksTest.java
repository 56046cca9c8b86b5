package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

  @Test
  void aByteBudgetKeepsWideCharactersUnderTheSizeLimitWithoutCuttingOne() {
    String text = "漢".repeat(300) + "é".repeat(10) + "😀".repeat(10); // 3, 2 and 4 bytes each
    List<String> parts = Chunks.split(text, 1000, 9);
    assertThat(String.join("", parts)).isEqualTo(text);
    assertThat(parts).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(9));
    assertThat(parts).allSatisfy(p -> assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse());
  }

  @Test
  void aBudgetBelowOneCharacterStillMakesProgress() {
    assertThat(Chunks.split("a😀b", 2)).containsExactly("a", "😀", "b");
    assertThat(Chunks.split("😀😀", 1)).containsExactly("😀", "😀");
    assertThat(Chunks.split("", 10)).containsExactly("");
  }
}
