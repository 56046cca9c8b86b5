package dev.squall.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AnswerReceipt;
import dev.squall.chat.Question;
import dev.squall.chat.QuestionControls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Question} as an Adaptive Card (1.4), and the {@code adaptiveCard/action} invokes that
 * answer it.
 *
 * <p>The card's actions are {@code Action.Execute} (Universal Actions), which Teams delivers to the
 * bot as an {@code invoke} activity named {@code adaptiveCard/action} and answers with the card or
 * message the bot returns in the HTTP response ({@code Action.Submit} would arrive as a plain
 * message activity, with no way to answer the clicker alone). A single boolean gives two actions, a
 * single choice an action per option or, above {@value QuestionControls#MAX_BUTTONS} options, an
 * {@code Input.ChoiceSet} and a Submit; anything else a form: {@code Input.Text},
 * {@code Input.Number}, {@code Input.Toggle} and {@code Input.ChoiceSet} whose ids are the field
 * names, so that Teams merges their values into the action's {@code data}. The data also carries
 * {@code squall_question} (the id) and, on a one-click action, {@code squall_field},
 * {@code squall_type} and {@code squall_value}.
 */
final class TeamsQuestions {

  static final String INVOKE_NAME = "adaptiveCard/action";
  static final String VERB = "squall.answer";
  static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";
  private static final String QUESTION = "squall_question";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TeamsQuestions() {}

  /** The message attachment that asks {@code question}. */
  static ObjectNode attachment(Question question) {
    ObjectNode attachment = JSON.createObjectNode().put("contentType", CARD_TYPE);
    attachment.set("content", card(question));
    return attachment;
  }

  static ObjectNode card(Question question) {
    ObjectNode card = card(question.prompt());
    ArrayNode body = (ArrayNode) card.get("body");
    ArrayNode actions = card.putArray("actions");
    Optional<Question.Field> click = QuestionControls.oneClick(question);
    if (click.isPresent() && click.get().type() == Question.Type.BOOLEAN) {
      actions.add(oneClick(question, click.get(), "b", "true", QuestionControls.YES).put("style", "positive"));
      actions.add(oneClick(question, click.get(), "b", "false", QuestionControls.NO).put("style", "destructive"));
    } else if (click.isPresent() && !QuestionControls.asSelect(click.get())) {
      for (String option : click.get().options()) {
        actions.add(oneClick(question, click.get(), "c", option, option));
      }
    } else {
      for (Question.Field f : question.fields()) {
        body.add(input(f));
      }
      actions.add(execute(question, "Submit").put("style", "positive"));
    }
    return card;
  }

  /** The card once answered: the prompt and the receipt, no actions. */
  static ObjectNode answered(String prompt, AnswerReceipt.Accepted receipt) {
    ObjectNode card = card(prompt);
    ((ArrayNode) card.get("body")).addObject().put("type", "TextBlock").put("text", receipt.text()).put("wrap", true)
        .put("isSubtle", true);
    return card;
  }

  /** The card while it stays open for others: the question's card with the receipt, its actions kept. */
  static ObjectNode stillOpen(Question question, AnswerReceipt.Open receipt) {
    ObjectNode card = card(question);
    ((ArrayNode) card.get("body")).insert(1, JSON.createObjectNode().put("type", "TextBlock").put("text", receipt.text())
        .put("wrap", true).put("isSubtle", true));
    return card;
  }

  /** The question an invoke's action answers, or empty when it is not one of ours. */
  static Optional<String> questionId(JsonNode invokeValue) {
    JsonNode action = invokeValue.path("action");
    if (!VERB.equals(action.path("verb").asText()) || !action.path("data").hasNonNull(QUESTION)) {
      return Optional.empty();
    }
    return Optional.of(action.path("data").get(QUESTION).asText());
  }

  /**
   * The answer in an action's data: a one-click action's value, else the inputs, typed by the
   * question's fields; empty when the inputs cannot be read without the question.
   */
  static Optional<Map<String, Object>> values(JsonNode invokeValue, Optional<Question> question) {
    JsonNode data = invokeValue.path("action").path("data");
    if (data.hasNonNull("squall_field")) {
      Question.Type type = "b".equals(data.path("squall_type").asText()) ? Question.Type.BOOLEAN : Question.Type.CHOICE;
      return Optional.of(Map.of(data.get("squall_field").asText(), QuestionControls.value(type, data.path("squall_value").asText())));
    }
    return question.map(q -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      for (Question.Field f : q.fields()) {
        JsonNode v = data.path(f.name());
        if (!v.isMissingNode() && !v.isNull() && !v.asText().isEmpty()) {
          answer.put(f.name(), QuestionControls.value(f.type(), v.asText()));
        }
      }
      return answer;
    });
  }

  /**
   * The invoke response Teams shows the clicker: the refreshed card (without actions once answered,
   * with them while the question stays open), or a message for a refusal.
   */
  static ObjectNode response(AnswerReceipt receipt, Optional<Question> question) {
    ObjectNode response = JSON.createObjectNode().put("statusCode", 200);
    String prompt = question.map(Question::prompt).orElse("");
    switch (receipt) {
      case AnswerReceipt.Accepted accepted -> response.put("type", CARD_TYPE).set("value", answered(prompt, accepted));
      case AnswerReceipt.Open open when question.isPresent() ->
          response.put("type", CARD_TYPE).set("value", stillOpen(question.get(), open));
      // a question this adapter no longer remembers: the card stays as it is, the clicker reads the receipt
      case AnswerReceipt.Open open -> response.put("type", "application/vnd.microsoft.activity.message")
          .put("value", open.text());
      case AnswerReceipt.Refused refused -> response.put("type", "application/vnd.microsoft.activity.message")
          .put("value", refused.text());
    }
    return response;
  }

  private static ObjectNode card(String prompt) {
    ObjectNode card = JSON.createObjectNode().put("type", "AdaptiveCard")
        .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json").put("version", "1.4");
    card.putArray("body").addObject().put("type", "TextBlock").put("text", prompt).put("wrap", true);
    return card;
  }

  private static ObjectNode input(Question.Field f) {
    ObjectNode input = JSON.createObjectNode().put("id", f.name()).put("label", f.label()).put("isRequired", f.required());
    switch (f.type()) {
      case STRING -> input.put("type", "Input.Text");
      case NUMBER -> input.put("type", "Input.Number");
      case BOOLEAN -> input.put("type", "Input.Toggle").put("title", f.label()).put("valueOn", "true")
          .put("valueOff", "false").put("value", "false");
      case CHOICE -> {
        input.put("type", "Input.ChoiceSet").put("style", "compact");
        ArrayNode choices = input.putArray("choices");
        f.options().forEach(o -> choices.addObject().put("title", o).put("value", o));
      }
    }
    if (f.required()) {
      input.put("errorMessage", f.label() + " is required");
    }
    return input;
  }

  private static ObjectNode execute(Question question, String title) {
    ObjectNode action = JSON.createObjectNode().put("type", "Action.Execute").put("title", title).put("verb", VERB);
    action.putObject("data").put(QUESTION, question.id());
    return action;
  }

  private static ObjectNode oneClick(Question question, Question.Field field, String type, String value, String title) {
    ObjectNode action = execute(question, QuestionControls.cut(title, 80));
    ((ObjectNode) action.get("data")).put("squall_field", field.name()).put("squall_type", type).put("squall_value", value);
    return action;
  }
}
