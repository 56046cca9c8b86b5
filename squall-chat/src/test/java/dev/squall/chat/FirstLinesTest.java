package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FirstLinesTest {

  private static String seq(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(String::valueOf).collect(Collectors.joining("\n"));
  }

  @Test
  void aLongResultShowsItsFirstLinesThenWhereTheRestIs() {
    String shown = Bot.firstLines(seq(200), 10, 400, "full output: http://squall/#/history/e1/general");

    assertThat(shown.split("\n")).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
        "full output: http://squall/#/history/e1/general");
  }

  @Test
  void aResultThatFitsIsLeftAlone() {
    assertThat(Bot.firstLines(seq(10), 10, 400, "more")).isEqualTo(seq(10));
  }

  @Test
  void blankLinesDoNotCountAsTheyPostNothing() {
    assertThat(Bot.firstLines("a\n\nb\n\nc", 2, 400, "more")).isEqualTo("a\n\nb\n\nmore");
  }

  @Test
  void aLineTooLongForOneMessageCountsAsTheMessagesItWrapsInto() {
    String shown = Bot.firstLines("x".repeat(50) + "\nlast", 3, 20, "more");

    assertThat(shown).isEqualTo("x".repeat(20) + "\n" + "x".repeat(20) + "\n" + "x".repeat(10) + "\nmore");
  }
}
