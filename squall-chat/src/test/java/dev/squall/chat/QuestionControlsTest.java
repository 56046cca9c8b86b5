package dev.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionControlsTest {

  private static Question.Field field(Question.Type type, String... options) {
    return new Question.Field("f", "F", type, List.of(options), true);
  }

  @Test
  void aSingleBooleanOrChoiceIsOneClickAndAnythingElseNeedsAForm() {
    assertThat(QuestionControls.oneClick(new Question("q", "?", List.of(field(Question.Type.BOOLEAN))))).isPresent();
    assertThat(QuestionControls.oneClick(new Question("q", "?", List.of(field(Question.Type.CHOICE, "a", "b"))))).isPresent();
    assertThat(QuestionControls.oneClick(new Question("q", "?", List.of(field(Question.Type.STRING))))).isEmpty();
    assertThat(QuestionControls.oneClick(new Question("q", "?", List.of(field(Question.Type.NUMBER))))).isEmpty();
    assertThat(QuestionControls.oneClick(new Question("q", "?", List.of(field(Question.Type.CHOICE))))).isEmpty();
    assertThat(QuestionControls.oneClick(new Question("q", "?",
        List.of(field(Question.Type.BOOLEAN), new Question.Field("g", "G", Question.Type.BOOLEAN, List.of(), true))))).isEmpty();
  }

  @Test
  void moreThanFiveOptionsAreASelect() {
    assertThat(QuestionControls.asSelect(field(Question.Type.CHOICE, "1", "2", "3", "4", "5"))).isFalse();
    assertThat(QuestionControls.asSelect(field(Question.Type.CHOICE, "1", "2", "3", "4", "5", "6"))).isTrue();
  }

  @Test
  void rawValuesBecomeBooleansAndNumbersAndUnreadableNumbersStayTextForValidationToName() {
    assertThat(QuestionControls.value(Question.Type.BOOLEAN, "true")).isEqualTo(true);
    assertThat(QuestionControls.value(Question.Type.BOOLEAN, "false")).isEqualTo(false);
    assertThat(QuestionControls.value(Question.Type.NUMBER, " 42 ")).isEqualTo(42L);
    assertThat(QuestionControls.value(Question.Type.NUMBER, "2.5")).isEqualTo(2.5);
    assertThat(QuestionControls.value(Question.Type.NUMBER, "many")).isEqualTo("many");
    assertThat(QuestionControls.value(Question.Type.STRING, " keep spaces ")).isEqualTo(" keep spaces ");
    assertThat(QuestionControls.value(Question.Type.CHOICE, "eu")).isEqualTo("eu");
  }

  @Test
  void rememberedQuestionsAreFoundByIdAndLabelsAreCutWithAnEllipsis() {
    QuestionControls controls = new QuestionControls();
    Question q = new Question("4f2a", "Deploy?", List.of(field(Question.Type.BOOLEAN)));
    controls.asked(q);
    assertThat(controls.question("4f2a")).contains(q);
    assertThat(controls.question("nope")).isEmpty();
    assertThat(QuestionControls.cut("abcdef", 4)).isEqualTo("abc…");
    assertThat(QuestionControls.cut("abc", 4)).isEqualTo("abc");
  }
}
