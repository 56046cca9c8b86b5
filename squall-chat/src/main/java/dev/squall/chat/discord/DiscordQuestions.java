package dev.squall.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.Question;
import dev.squall.chat.QuestionControls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Question} as Discord message components, and the interactions that answer it.
 *
 * <p>Every control's {@code custom_id} is {@code sq|<question id>|<what>[|<field>]}: {@code y} and
 * {@code n} the buttons of a boolean, a number the n-th option's button of a choice, {@code s} a
 * string select (above {@value QuestionControls#MAX_BUTTONS} options, at most 25), {@code f} the
 * button that opens the form, {@code m} the form (a modal of up to five text inputs whose
 * {@code custom_id}s are the fields' positions). A boolean or select answer carries its field, so
 * it is understood without remembering the question; a choice button and a form need the question
 * the adapter remembers.
 */
final class DiscordQuestions {

  static final String PREFIX = "sq|";
  private static final int MAX_CUSTOM_ID = 100;
  private static final int MAX_SELECT_OPTIONS = 25;
  private static final int MAX_MODAL_INPUTS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a control's {@code custom_id} says. */
  record Control(String questionId, String what, String field) {}

  private DiscordQuestions() {}

  /** The action rows of a question's message. */
  static ArrayNode components(Question question) {
    ArrayNode rows = JSON.createArrayNode();
    ArrayNode row = rows.addObject().put("type", 1).putArray("components");
    Optional<Question.Field> click = QuestionControls.oneClick(question);
    if (click.isEmpty()) {
      row.add(button(QuestionControls.ANSWER, id(question, "f", null), 1));
    } else if (click.get().type() == Question.Type.BOOLEAN) {
      row.add(button(QuestionControls.YES, id(question, "y", click.get().name()), 3));
      row.add(button(QuestionControls.NO, id(question, "n", click.get().name()), 4));
    } else if (QuestionControls.asSelect(click.get())) {
      ObjectNode select = row.addObject().put("type", 3).put("custom_id", id(question, "s", click.get().name()))
          .put("placeholder", QuestionControls.cut(click.get().label(), 150)).put("min_values", 1).put("max_values", 1);
      ArrayNode options = select.putArray("options");
      for (String option : click.get().options().subList(0, Math.min(MAX_SELECT_OPTIONS, click.get().options().size()))) {
        options.addObject().put("label", QuestionControls.cut(option, 100)).put("value", QuestionControls.cut(option, 100));
      }
    } else {
      List<String> options = click.get().options();
      for (int i = 0; i < options.size(); i++) {
        row.add(button(options.get(i), id(question, String.valueOf(i), null), 2));
      }
    }
    return rows;
  }

  /** The form, for an interaction response of type 9 (MODAL). */
  static ObjectNode modal(Question question) {
    ObjectNode modal = JSON.createObjectNode().put("custom_id", id(question, "m", null))
        .put("title", QuestionControls.cut(question.prompt().isBlank() ? "Answer" : question.prompt(), 45));
    ArrayNode rows = modal.putArray("components");
    List<Question.Field> fields = question.fields();
    for (int i = 0; i < Math.min(MAX_MODAL_INPUTS, fields.size()); i++) {
      Question.Field f = fields.get(i);
      ObjectNode input = rows.addObject().put("type", 1).putArray("components").addObject().put("type", 4)
          .put("custom_id", String.valueOf(i)).put("label", QuestionControls.cut(f.label(), 45))
          .put("style", 1).put("required", f.required());
      String hint = switch (f.type()) {
        case BOOLEAN -> "true or false";
        case NUMBER -> "a number";
        case CHOICE -> "one of: " + String.join(", ", f.options());
        case STRING -> null;
      };
      if (hint != null) {
        input.put("placeholder", QuestionControls.cut(hint, 100));
      }
    }
    return modal;
  }

  /** What the control of an interaction is, or empty when it is none of ours. */
  static Optional<Control> control(String customId) {
    if (!customId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = customId.substring(PREFIX.length()).split("\\|", 3);
    return parts.length < 2 ? Optional.empty()
        : Optional.of(new Control(parts[0], parts[1], parts.length > 2 ? parts[2] : null));
  }

  /**
   * The answer a click or selection gives, or empty when it needs the question and none is given
   * (a choice button after a restart), or when the control opens the form.
   */
  static Optional<Map<String, Object>> clicked(Control control, JsonNode data, Optional<Question> question) {
    String field = control.field() != null ? control.field()
        : question.flatMap(QuestionControls::oneClick).map(Question.Field::name).orElse(null);
    switch (control.what()) {
      case "y", "n" -> {
        return field == null ? Optional.empty() : Optional.of(Map.of(field, control.what().equals("y")));
      }
      case "s" -> {
        return field == null || data.path("values").isEmpty() ? Optional.empty()
            : Optional.of(Map.of(field, data.path("values").path(0).asText()));
      }
      case "f", "m" -> {
        return Optional.empty();
      }
      default -> {
        Optional<Question.Field> f = question.flatMap(QuestionControls::oneClick);
        int n;
        try {
          n = Integer.parseInt(control.what());
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        return f.filter(x -> n >= 0 && n < x.options().size()).map(x -> Map.of(x.name(), x.options().get(n)));
      }
    }
  }

  /** The values of a MODAL_SUBMIT, typed by the question's fields; empty inputs are left out. */
  static Map<String, Object> submitted(Question question, JsonNode data) {
    Map<String, Object> answer = new LinkedHashMap<>();
    for (JsonNode row : data.path("components")) {
      for (JsonNode input : row.path("components")) {
        int i;
        try {
          i = Integer.parseInt(input.path("custom_id").asText());
        } catch (NumberFormatException e) {
          continue;
        }
        String value = input.path("value").asText("");
        if (i >= 0 && i < question.fields().size() && !value.isEmpty()) {
          Question.Field f = question.fields().get(i);
          answer.put(f.name(), QuestionControls.value(f.type(), value));
        }
      }
    }
    return answer;
  }

  private static String id(Question question, String what, String field) {
    String id = PREFIX + question.id() + "|" + what;
    String withField = field == null ? id : id + "|" + field;
    return withField.length() <= MAX_CUSTOM_ID ? withField : QuestionControls.cut(id, MAX_CUSTOM_ID);
  }

  private static ObjectNode button(String label, String customId, int style) {
    return JSON.createObjectNode().put("type", 2).put("style", style).put("label", QuestionControls.cut(label, 80))
        .put("custom_id", customId);
  }
}
