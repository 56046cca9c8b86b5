package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** StackStorm's {@code {~}} split, as the default (text-only) hubot adapter joins it. */
class PretextTest {

  @Test
  void pretextAndTextAreJoinedByANewline() {
    assertThat(ResultTemplates.joinPretext("Done {~} the output")).isEqualTo("Done\nthe output");
  }

  @Test
  void anythingAfterASecondDelimiterIsDropped() {
    assertThat(ResultTemplates.joinPretext("a{~}b{~}c")).isEqualTo("a\nb");
  }

  @Test
  void aTrailingDelimiterMeansPlainTextOnly() {
    assertThat(ResultTemplates.joinPretext("done {~}")).isEqualTo("done");
  }

  @Test
  void withoutDelimiterTheMessageIsTheText() {
    assertThat(ResultTemplates.joinPretext("\nAction x completed.\n")).isEqualTo("Action x completed.");
  }
}
