package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IrcTextTest {

  @Test
  void splitsOnLineBreaksAndDropsEmptyLines() {
    assertThat(IrcText.split("one\r\ntwo\n\n\rthree", 100)).containsExactly("one", "two", "three");
  }

  @Test
  void neverCutsInsideAMultiByteCharacter() {
    String text = "😀".repeat(10); // 4 bytes each
    List<String> pieces = IrcText.split(text, 10);
    assertThat(pieces).allSatisfy(p -> assertThat(IrcText.utf8Bytes(p)).isLessThanOrEqualTo(10));
    assertThat(pieces).allSatisfy(p -> assertThat(p).doesNotContain("\uFFFD").hasSize(4));
    assertThat(String.join("", pieces)).isEqualTo(text);
  }

  @Test
  void prefersWordBoundaries() {
    assertThat(IrcText.split("alpha beta gamma delta", 12)).containsExactly("alpha beta", "gamma delta");
  }

  @Test
  void cutsAWordThatIsLongerThanTheBudget() {
    assertThat(IrcText.split("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
  }

  @Test
  void refusesABudgetThatCannotHoldACharacter() {
    assertThatThrownBy(() -> IrcText.split("x", 3)).hasMessageContaining("3 bytes");
  }
}
