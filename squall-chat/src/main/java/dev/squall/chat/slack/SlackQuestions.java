package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.Question;
import dev.squall.chat.QuestionControls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Question} in Block Kit, and the answers Slack sends back for it.
 *
 * <p>The question's message is a {@code section} with the prompt and an {@code actions} block
 * whose {@code block_id} is {@code squall-q|<question id>}: a single boolean gives two buttons
 * (values {@code true}/{@code false}), a single choice a button per option or, above
 * {@value QuestionControls#MAX_BUTTONS} options, a {@code static_select}; anything else one button
 * ({@code action_id} {@code form}) that opens a modal with an input per field. A button's
 * {@code action_id} is {@code <b|c>|<field>|<n>}, so a click is understood without remembering
 * the question. The modal's {@code private_metadata} carries where the question was and its
 * {@code response_url}, for the receipt.
 */
final class SlackQuestions {

  static final String BLOCK_PREFIX = "squall-q|";
  static final String FORM_ACTION = "form";
  static final String MODAL_CALLBACK = "squall-question";
  private static final String FIELD_BLOCK = "f|";
  private static final String INPUT = "v";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SlackQuestions() {}

  /** The message's blocks: the prompt and the controls. */
  static ArrayNode blocks(Question question) {
    ArrayNode blocks = JSON.createArrayNode();
    blocks.add(section(question.prompt()));
    ObjectNode actions = blocks.addObject().put("type", "actions")
        .put("block_id", QuestionControls.cut(BLOCK_PREFIX + question.id(), 255));
    ArrayNode elements = actions.putArray("elements");
    Optional<Question.Field> click = QuestionControls.oneClick(question);
    if (click.isEmpty()) {
      elements.add(button(QuestionControls.ANSWER, FORM_ACTION, question.id(), "primary"));
    } else if (click.get().type() == Question.Type.BOOLEAN) {
      String field = click.get().name();
      elements.add(button(QuestionControls.YES, "b|" + field + "|0", "true", "primary"));
      elements.add(button(QuestionControls.NO, "b|" + field + "|1", "false", "danger"));
    } else if (QuestionControls.asSelect(click.get())) {
      ObjectNode select = elements.addObject().put("type", "static_select").put("action_id", "c|" + click.get().name() + "|s");
      select.set("placeholder", plain(QuestionControls.cut(click.get().label(), 150)));
      select.set("options", options(click.get()));
    } else {
      int n = 0;
      for (String option : click.get().options()) {
        elements.add(button(option, "c|" + click.get().name() + "|" + n++, option, null));
      }
    }
    return blocks;
  }

  /** The question answered: its prompt and the receipt, without controls. */
  static ArrayNode answered(String prompt, String receipt) {
    ArrayNode blocks = JSON.createArrayNode();
    if (prompt != null && !prompt.isEmpty()) {
      blocks.add(section(prompt));
    }
    blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
        .put("text", QuestionControls.cut(receipt, 3000));
    return blocks;
  }

  /** The {@code actions} blocks (the question's controls) of a message as Slack sends it back. */
  static ArrayNode controls(JsonNode message) {
    return actionsAmong(message.path("blocks"));
  }

  /** The {@code actions} blocks among a question's {@link #blocks}. */
  static ArrayNode controls(Question question) {
    return actionsAmong(blocks(question));
  }

  private static ArrayNode actionsAmong(JsonNode blocks) {
    ArrayNode actions = JSON.createArrayNode();
    for (JsonNode block : blocks) {
      if ("actions".equals(block.path("type").asText())) {
        actions.add(block);
      }
    }
    return actions;
  }

  /** The prompt of a question's message as Slack sends it back, from its first section. */
  static String prompt(JsonNode message) {
    for (JsonNode block : message.path("blocks")) {
      if ("section".equals(block.path("type").asText())) {
        return block.path("text").path("text").asText("");
      }
    }
    return message.path("text").asText("");
  }

  /** The question id of a {@code block_actions} action, or empty when it is not one of ours. */
  static Optional<String> questionId(JsonNode action) {
    String block = action.path("block_id").asText("");
    return block.startsWith(BLOCK_PREFIX) ? Optional.of(block.substring(BLOCK_PREFIX.length())) : Optional.empty();
  }

  /** A clicked button's or chosen option's answer, or empty for the form button. */
  static Optional<Map<String, Object>> clicked(JsonNode action) {
    String[] id = action.path("action_id").asText("").split("\\|", 3);
    if (id.length < 3) {
      return Optional.empty();
    }
    Question.Type type = id[0].equals("b") ? Question.Type.BOOLEAN : Question.Type.CHOICE;
    String raw = "static_select".equals(action.path("type").asText())
        ? action.path("selected_option").path("value").asText() : action.path("value").asText();
    return Optional.of(Map.of(id[1], QuestionControls.value(type, raw)));
  }

  /** The modal for {@code views.open}, one input per field. */
  static ObjectNode modal(Question question, ObjectNode metadata) {
    ObjectNode view = JSON.createObjectNode().put("type", "modal").put("callback_id", MODAL_CALLBACK)
        .put("private_metadata", metadata.toString());
    view.set("title", plain(QuestionControls.cut(question.prompt().isBlank() ? "Answer" : question.prompt(), 24)));
    view.set("submit", plain("Submit"));
    view.set("close", plain("Cancel"));
    ArrayNode blocks = view.putArray("blocks");
    blocks.add(section(question.prompt()));
    for (Question.Field f : question.fields()) {
      ObjectNode input = blocks.addObject().put("type", "input").put("block_id", FIELD_BLOCK + f.name())
          .put("optional", !f.required());
      input.set("label", plain(QuestionControls.cut(f.label(), 2000)));
      ObjectNode element = input.putObject("element").put("action_id", INPUT);
      switch (f.type()) {
        case STRING -> element.put("type", "plain_text_input");
        case NUMBER -> element.put("type", "number_input").put("is_decimal_allowed", true);
        case BOOLEAN -> {
          element.put("type", "static_select");
          ArrayNode options = element.putArray("options");
          options.addObject().put("value", "true").set("text", plain(QuestionControls.YES));
          options.addObject().put("value", "false").set("text", plain(QuestionControls.NO));
        }
        case CHOICE -> element.put("type", "static_select").set("options", options(f));
      }
    }
    return view;
  }

  /** The values of a {@code view_submission}, typed by the question's fields; unanswered optional fields are left out. */
  static Map<String, Object> submitted(Question question, JsonNode view) {
    JsonNode values = view.path("state").path("values");
    Map<String, Object> answer = new LinkedHashMap<>();
    for (Question.Field f : question.fields()) {
      JsonNode input = values.path(FIELD_BLOCK + f.name()).path(INPUT);
      JsonNode raw = input.hasNonNull("selected_option") ? input.get("selected_option").path("value") : input.path("value");
      if (!raw.isMissingNode() && !raw.isNull() && !raw.asText().isEmpty()) {
        answer.put(f.name(), QuestionControls.value(f.type(), raw.asText()));
      }
    }
    return answer;
  }

  /** The block of a view that shows an error for the whole form: its first field's. */
  static String firstFieldBlock(Question question) {
    return FIELD_BLOCK + question.fields().getFirst().name();
  }

  private static ObjectNode section(String text) {
    ObjectNode section = JSON.createObjectNode().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", QuestionControls.cut(text.isBlank() ? " " : text, 3000));
    return section;
  }

  private static ObjectNode button(String label, String actionId, String value, String style) {
    ObjectNode button = JSON.createObjectNode().put("type", "button").put("action_id", QuestionControls.cut(actionId, 255))
        .put("value", QuestionControls.cut(value, 2000));
    button.set("text", plain(QuestionControls.cut(label, 75)));
    if (style != null) {
      button.put("style", style);
    }
    return button;
  }

  private static ArrayNode options(Question.Field field) {
    ArrayNode options = JSON.createArrayNode();
    for (String option : field.options().subList(0, Math.min(100, field.options().size()))) {
      options.addObject().put("value", QuestionControls.cut(option, 150)).set("text", plain(QuestionControls.cut(option, 75)));
    }
    return options;
  }

  private static ObjectNode plain(String text) {
    return JSON.createObjectNode().put("type", "plain_text").put("text", text);
  }
}
