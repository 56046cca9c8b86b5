package dev.squall.chat.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AnswerReceipt;
import dev.squall.chat.Question;
import dev.squall.chat.QuestionControls;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link Question} as Mattermost interactive message buttons, and the integration requests that
 * answer it.
 *
 * <p>A question asking a single boolean or choice is posted with an attachment whose
 * {@code actions} are buttons (a {@code select} above {@value QuestionControls#MAX_BUTTONS}
 * options), each with an {@code integration}: the URL Squall serves and a {@code context} naming
 * the question, its field, the button's value and the thread, signed with the adapter's secret
 * ({@code sig}, an HMAC-SHA256), since Mattermost does not sign its requests. Mattermost keeps the
 * integration on the server (clients never see it) and POSTs the context back with who clicked;
 * the answer to that request is the post's {@code update} or an {@code ephemeral_text}.
 */
final class MattermostQuestions {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a button's context says, once its signature is checked. */
  record Clicked(String questionId, String thread, Map<String, Object> values) {}

  private final byte[] secret;

  MattermostQuestions(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The post's {@code props}: one attachment with the prompt's buttons (the question must be one click). */
  ObjectNode props(Question question, String thread, String url) {
    Question.Field field = QuestionControls.oneClick(question).orElseThrow();
    ObjectNode props = JSON.createObjectNode();
    ObjectNode attachment = props.putArray("attachments").addObject().put("fallback", question.prompt());
    ArrayNode actions = attachment.putArray("actions");
    if (field.type() == Question.Type.BOOLEAN) {
      actions.add(button("yes", QuestionControls.YES, "good", url, context(question, field, "b", "true", thread)));
      actions.add(button("no", QuestionControls.NO, "danger", url, context(question, field, "b", "false", thread)));
    } else if (QuestionControls.asSelect(field)) {
      ObjectNode select = actions.addObject().put("id", "choose").put("name", QuestionControls.cut(field.label(), 80))
          .put("type", "select");
      ArrayNode options = select.putArray("options");
      field.options().forEach(o -> options.addObject().put("text", o).put("value", o));
      ObjectNode integration = select.putObject("integration").put("url", url);
      integration.set("context", context(question, field, "c", "", thread));
    } else {
      for (int i = 0; i < field.options().size(); i++) {
        String option = field.options().get(i);
        actions.add(button("choice" + i, option, "default", url, context(question, field, "c", option, thread)));
      }
    }
    return props;
  }

  /** The props of an answered question: the receipt, no buttons. */
  static ObjectNode answeredProps(AnswerReceipt.Accepted receipt) {
    ObjectNode props = JSON.createObjectNode();
    props.putArray("attachments").addObject().put("fallback", receipt.text()).put("text", receipt.text())
        .put("color", "#3aa655");
    return props;
  }

  /**
   * The integration response that shows {@code receipt} for a click with {@code context} (checked
   * by {@link #clicked}): the updated post — without buttons once answered, with the yes/no buttons
   * (calling {@code url}) while the question stays open — or an ephemeral text.
   */
  ObjectNode response(AnswerReceipt receipt, JsonNode context, String url) {
    String prompt = context.path("prompt").asText("");
    ObjectNode response = JSON.createObjectNode();
    switch (receipt) {
      case AnswerReceipt.Accepted accepted -> {
        ObjectNode update = response.putObject("update").put("message", prompt);
        update.set("props", answeredProps(accepted));
      }
      case AnswerReceipt.Open open when "b".equals(context.path("type").asText()) && url != null -> {
        // A yes/no question is rebuilt from the click's signed context: the same buttons, the receipt above them.
        String field = context.path("field").asText();
        String thread = context.path("thread").asText("");
        Question question = new Question(context.path("question").asText(), prompt,
            List.of(new Question.Field(field, field, Question.Type.BOOLEAN, List.of(), true)));
        ObjectNode props = props(question, thread.isEmpty() ? null : thread, url);
        ((ObjectNode) props.get("attachments").get(0)).put("text", open.text());
        response.putObject("update").put("message", prompt).set("props", props);
      }
      // other buttons cannot be rebuilt from one click's context: the post stays as it is
      case AnswerReceipt.Open open -> response.put("ephemeral_text", open.text());
      case AnswerReceipt.Refused refused -> response.put("ephemeral_text", refused.text());
    }
    return response;
  }

  /** What a request's context asks, or empty when its signature is missing or wrong. */
  Optional<Clicked> clicked(JsonNode request) {
    JsonNode context = request.path("context");
    String questionId = context.path("question").asText("");
    String field = context.path("field").asText("");
    String type = context.path("type").asText("");
    String value = context.path("value").asText("");
    String thread = context.path("thread").asText("");
    String sig = context.path("sig").asText("");
    byte[] expected = sign(questionId, field, type, value, thread).getBytes(StandardCharsets.UTF_8);
    if (questionId.isEmpty() || field.isEmpty() || !MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    String raw = type.equals("c") && value.isEmpty() ? context.path("selected_option").asText("") : value;
    Question.Type t = type.equals("b") ? Question.Type.BOOLEAN : Question.Type.CHOICE;
    return Optional.of(new Clicked(questionId, thread.isEmpty() ? null : thread, Map.of(field, QuestionControls.value(t, raw))));
  }

  private ObjectNode context(Question question, Question.Field field, String type, String value, String thread) {
    String t = thread == null ? "" : thread;
    return JSON.createObjectNode().put("question", question.id()).put("field", field.name()).put("type", type)
        .put("value", value).put("thread", t).put("prompt", question.prompt())
        .put("sig", sign(question.id(), field.name(), type, value, t));
  }

  private static ObjectNode button(String id, String name, String style, String url, ObjectNode context) {
    ObjectNode button = JSON.createObjectNode().put("id", id).put("name", QuestionControls.cut(name, 80))
        .put("type", "button").put("style", style);
    ObjectNode integration = button.putObject("integration").put("url", url);
    integration.set("context", context);
    return button;
  }

  private String sign(String... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
