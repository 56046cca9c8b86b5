package dev.squall.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every adapter with controls decides the same way about a {@link Question}: whether it is
 * answered with one click (a single boolean or choice: buttons, or a select) or needs a form, what
 * the buttons say, and how a control's raw value becomes an answer value. Also remembers the
 * questions an adapter asked, so that a form can be built when its button is clicked.
 */
public final class QuestionControls {

  /** The buttons of a boolean question, true first. */
  public static final String YES = "Yes";
  public static final String NO = "No";
  /** The button that opens a form. */
  public static final String ANSWER = "Answer…";
  /** More options than this become a select rather than one button each. */
  public static final int MAX_BUTTONS = 5;
  private static final int REMEMBERED = 1000;

  private final Map<String, Question> asked = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Question> eldest) {
      return size() > REMEMBERED;
    }
  });

  /** Remembers a question posted with controls, for its form. */
  public void asked(Question question) {
    asked.put(question.id(), question);
  }

  /** A question asked since the adapter started (the last {@value #REMEMBERED}). */
  public Optional<Question> question(String id) {
    return Optional.ofNullable(asked.get(id));
  }

  /**
   * The one field a click answers — a question asking only a boolean or only a choice — or empty
   * when the question needs a form.
   */
  public static Optional<Question.Field> oneClick(Question question) {
    if (question.fields().size() != 1) {
      return Optional.empty();
    }
    Question.Field f = question.fields().getFirst();
    boolean clickable = f.type() == Question.Type.BOOLEAN || f.type() == Question.Type.CHOICE && !f.options().isEmpty();
    return clickable ? Optional.of(f) : Optional.empty();
  }

  /** Whether a choice is offered as a select rather than one button per option. */
  public static boolean asSelect(Question.Field field) {
    return field.options().size() > MAX_BUTTONS;
  }

  /**
   * A control's raw value as the answer gives it: a boolean for {@link Question.Type#BOOLEAN}
   * ({@code true}/{@code false}), a number for {@link Question.Type#NUMBER} when it reads as one
   * (otherwise the text, so that validation names the field), the text otherwise.
   */
  public static Object value(Question.Type type, String raw) {
    String text = raw == null ? "" : raw.strip();
    return switch (type) {
      case BOOLEAN -> Boolean.parseBoolean(text);
      case NUMBER -> number(text);
      case CHOICE, STRING -> raw == null ? "" : raw;
    };
  }

  private static Object number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notWhole) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException notNumber) {
        return text;
      }
    }
  }

  /** A label cut to a platform's limit, with an ellipsis. */
  public static String cut(String text, int max) {
    String t = text == null ? "" : text;
    return t.length() <= max ? t : t.substring(0, max - 1) + "…";
  }
}
