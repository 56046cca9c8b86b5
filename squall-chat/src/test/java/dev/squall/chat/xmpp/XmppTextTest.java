package dev.squall.chat.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class XmppTextTest {

  @Test
  void keepsShortTextWhole() {
    assertThat(XmppText.split("one\n  two", 100)).containsExactly("one\n  two");
  }

  @Test
  void cutsAtLineBreaksKeepingTheNextLinesIndentation() {
    assertThat(XmppText.split("aaaaaa\n  bbbbbb\ncc", 10)).containsExactly("aaaaaa", "  bbbbbb", "cc");
  }

  @Test
  void cutsAtSpacesWhenALineIsTooLong() {
    assertThat(XmppText.split("alpha beta gamma", 11)).containsExactly("alpha beta", "gamma");
  }

  @Test
  void neverSeparatesASurrogatePair() {
    String text = "😀".repeat(9); // 18 chars
    List<String> pieces = XmppText.split(text, 5);
    assertThat(pieces).allSatisfy(p -> {
      assertThat(p.length()).isLessThanOrEqualTo(5);
      assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
    });
    assertThat(String.join("", pieces)).isEqualTo(text);
  }

  @Test
  void removesTerminalEscapesAndCharactersXmlCannotCarry() {
    assertThat(XmppText.clean("\u001b[1;31mred\u001b[0m\u0000\u0007 tab\tline\n 😀"))
        .isEqualTo("red tab\tline\n 😀");
  }
}
