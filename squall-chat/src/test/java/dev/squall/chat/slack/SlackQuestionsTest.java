package dev.squall.chat.slack;

import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.AnswerReceipt;
import dev.squall.chat.Answering;
import dev.squall.chat.IncomingAnswer;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.Question;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackQuestionsTest {

  private static final Question APPROVE = new Question("4f2a", "Deploy to prod?",
      List.of(new Question.Field("approved", "Approve the deploy", Question.Type.BOOLEAN, List.of(), true)));

  private final AdapterTestRig rig = new AdapterTestRig();
  private final FakeSlack slack = rig.closeLater(new FakeSlack());

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  private SlackAdapter started(Answering listener) {
    return listener.start(rig, new SlackAdapter("slack", SlackSettings.fromConfig("slack",
        Map.of("app_token", "xapp-1-A0APP-1-abc", "bot_token", "xoxb-123-456-def", "api_url", slack.apiUrl(),
            "reconnect_min_ms", 10, "reconnect_max_ms", 50))));
  }

  private JsonNode asked(SlackAdapter adapter, Question question) {
    adapter.send(OutgoingMessage.question("C0OPS", "1700000000.000050", "Answer with `!approve 4f2a`", question));
    waiting("the question posted").until(() -> slack.stored.size() == 1);
    return slack.stored.getFirst();
  }

  private static List<JsonNode> elements(JsonNode message) {
    return StreamSupport.stream(message.path("blocks").spliterator(), false)
        .filter(b -> b.path("type").asText().equals("actions"))
        .flatMap(b -> StreamSupport.stream(b.path("elements").spliterator(), false)).toList();
  }

  @Test
  void aBooleanQuestionIsTwoButtonsAndAClickIsAckedAtOnceAnsweredAndReplacedByWhoAnswered() {
    // The listener decides only once the click was acked: an ack that waited for it never comes.
    Answering listener = new Answering(a -> {
      waiting("the click acked before the answer is decided").until(() -> slack.acks.contains("env-click"));
      return new AnswerReceipt.Accepted("Approved by " + a.userName());
    });
    SlackAdapter adapter = started(listener);
    assertThat(adapter.asksWithControls()).isTrue();
    JsonNode message = asked(adapter, APPROVE);

    assertThat(message.path("text").asText()).isEqualTo("Deploy to prod?");
    assertThat(message.path("thread_ts").asText()).isEqualTo("1700000000.000050");
    assertThat(elements(message)).extracting(e -> e.path("type").asText() + ":" + e.path("text").path("text").asText()
        + "=" + e.path("value").asText()).containsExactly("button:Yes=true", "button:No=false");

    slack.click("env-click", "U0BOB", message, elements(message).getFirst().path("action_id").asText(), null);

    waiting("the answer").until(() -> listener.answers().size() == 1);
    IncomingAnswer answer = listener.answers().getFirst();
    assertThat(answer.adapter()).isEqualTo("slack");
    assertThat(answer.userId()).isEqualTo("U0BOB");
    assertThat(answer.userName()).isEqualTo("bob");
    assertThat(answer.room()).isEqualTo("C0OPS");
    assertThat(answer.thread()).isEqualTo("1700000000.000050");
    assertThat(answer.questionId()).isEqualTo("4f2a");
    assertThat(answer.values()).isEqualTo(Map.of("approved", true));
    assertThat(answer.message()).isEqualTo(new PostedMessage("C0OPS", "1700000000.000050", message.path("ts").asText()));

    waiting("the message replaced").until(() -> slack.responses.size() == 1);
    JsonNode replaced = slack.responses.getFirst();
    assertThat(replaced.path("replace_original").asBoolean()).isTrue();
    assertThat(replaced.toString()).contains("Approved by bob").contains("Deploy to prod?");
    assertThat(elements(replaced)).isEmpty();
    JsonNode now = slack.message("C0OPS", message.path("ts").asText());
    assertThat(elements(now)).isEmpty();
    assertThat(now.toString()).contains("Approved by bob");
  }

  @Test
  void anApprovalThatNeedsTwoKeepsItsButtonsAfterTheFirstClickAndLosesThemAtTheSecond() {
    Answering listener = Answering.approvals(2);
    SlackAdapter adapter = started(listener);
    JsonNode message = asked(adapter, APPROVE);
    String ts = message.path("ts").asText();

    slack.click("env-bob", "U0BOB", message, elements(message).getFirst().path("action_id").asText(), null);

    waiting("the message replaced").until(() -> slack.responses.size() == 1);
    assertThat(slack.responses.getFirst().path("replace_original").asBoolean()).isTrue();
    JsonNode open = slack.message("C0OPS", ts);
    assertThat(open.toString()).contains("Deploy to prod?").contains("Approved by bob (1 of 2); waiting for 1 more");
    assertThat(elements(open)).extracting(e -> e.path("text").path("text").asText()).containsExactly("Yes", "No");

    slack.click("env-alice", "U0ALICE", open, elements(open).getFirst().path("action_id").asText(), null);

    waiting("the message replaced again").until(() -> slack.responses.size() == 2);
    JsonNode decided = slack.message("C0OPS", ts);
    assertThat(decided.toString()).contains("Approved by alice (2 of 2): runs now").doesNotContain("waiting for");
    assertThat(elements(decided)).isEmpty();
    assertThat(listener.answers()).extracting(IncomingAnswer::userName).containsExactly("bob", "alice");
    assertThat(listener.answers()).extracting(IncomingAnswer::values)
        .containsExactly(Map.of("approved", true), Map.of("approved", true));
  }

  @Test
  void aRefusedClickIsShownOnlyToTheClickerAndTheButtonsStay() {
    Answering listener = Answering.refusing();
    SlackAdapter adapter = started(listener);
    JsonNode message = asked(adapter, APPROVE);

    slack.click("env-click", "U0ALICE", message, elements(message).get(1).path("action_id").asText(), null);

    waiting("the refusal").until(() -> slack.responses.size() == 1);
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("approved", false));
    JsonNode refusal = slack.responses.getFirst();
    assertThat(refusal.path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(refusal.path("replace_original").asBoolean(true)).isFalse();
    assertThat(refusal.path("text").asText()).isEqualTo("You may not answer this");
    assertThat(slack.acks).contains("env-click");
    assertThat(slack.ephemerals).containsExactly(Map.entry("U0ALICE", "You may not answer this"));
    assertThat(elements(slack.message("C0OPS", message.path("ts").asText()))).hasSize(2);
  }

  @Test
  void aClickSlackSendsAgainIsAckedAgainButAnsweredOnce() {
    Answering listener = Answering.accepting();
    SlackAdapter adapter = started(listener);
    JsonNode message = asked(adapter, APPROVE);
    slack.click("env-click", "U0BOB", message, elements(message).getFirst().path("action_id").asText(), null);
    waiting("the answer").until(() -> slack.responses.size() == 1);

    slack.resendLastInteractive();
    waiting("the second ack").until(() -> slack.acks.stream().filter("env-click"::equals).count() == 2);
    Question next = new Question("5e6f", "Restart web?", APPROVE.fields());
    adapter.send(OutgoingMessage.question("C0OPS", null, "Answer with `!approve 5e6f`", next));
    waiting("the next question").until(() -> slack.stored.size() == 2);
    JsonNode other = slack.stored.get(1);
    slack.click("env-other", "U0ALICE", other, elements(other).get(1).path("action_id").asText(), null);
    waiting("the next click's answer").until(() -> slack.responses.size() == 2);

    assertThat(listener.answers()).extracting(a -> a.userId() + ":" + a.questionId())
        .containsExactly("U0BOB:4f2a", "U0ALICE:5e6f");
  }

  @Test
  void aFewChoicesAreAButtonEachAndManyAreASelect() {
    Answering listener = Answering.accepting();
    SlackAdapter adapter = started(listener);
    Question few = new Question("c1", "Which region?", List.of(new Question.Field("region", "Region",
        Question.Type.CHOICE, List.of("eu", "us"), true)));
    JsonNode buttons = asked(adapter, few);
    assertThat(elements(buttons)).extracting(e -> e.path("text").path("text").asText()).containsExactly("eu", "us");

    slack.click("env-1", "U0BOB", buttons, elements(buttons).get(1).path("action_id").asText(), null);
    waiting("the choice").until(() -> listener.answers().size() == 1);
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("region", "us"));

    Question many = new Question("c2", "Which size?", List.of(new Question.Field("size", "Size",
        Question.Type.CHOICE, List.of("xs", "s", "m", "l", "xl", "xxl"), true)));
    adapter.send(OutgoingMessage.question("C0OPS", null, "Answer with `!respond c2 size=…`", many));
    waiting("the second question").until(() -> slack.stored.size() == 2);
    JsonNode select = slack.stored.get(1);
    assertThat(elements(select)).singleElement().satisfies(e -> {
      assertThat(e.path("type").asText()).isEqualTo("static_select");
      assertThat(e.path("options")).hasSize(6);
    });

    slack.click("env-2", "U0BOB", select, elements(select).getFirst().path("action_id").asText(), "xl");
    waiting("the selection").until(() -> listener.answers().size() == 2);
    IncomingAnswer chosen = listener.answers().get(1);
    assertThat(chosen.questionId()).isEqualTo("c2");
    assertThat(chosen.values()).isEqualTo(Map.of("size", "xl"));
    assertThat(chosen.thread()).isNull();
  }

  private static final Question FORM = new Question("9b1c", "Why roll back?", List.of(
      new Question.Field("reason", "Reason", Question.Type.STRING, List.of(), true),
      new Question.Field("hosts", "How many hosts", Question.Type.NUMBER, List.of(), false)));

  private JsonNode openedForm(SlackAdapter adapter) {
    JsonNode message = asked(adapter, FORM);
    assertThat(elements(message)).extracting(e -> e.path("text").path("text").asText()).containsExactly("Answer…");
    slack.click("env-open", "U0BOB", message, elements(message).getFirst().path("action_id").asText(), null);
    waiting("views.open").until(() -> slack.calls("views.open").size() == 1);
    FakeSlack.Call open = slack.calls("views.open").getFirst();
    assertThat(open.body().path("trigger_id").asText()).startsWith("1337.");
    JsonNode view = open.body().path("view");
    assertThat(view.path("type").asText()).isEqualTo("modal");
    assertThat(StreamSupport.stream(view.path("blocks").spliterator(), false)
        .filter(b -> b.path("type").asText().equals("input"))
        .map(b -> b.path("label").path("text").asText() + ":" + b.path("element").path("type").asText()))
        .containsExactly("Reason:plain_text_input", "How many hosts:number_input");
    return view;
  }

  @Test
  void aFormOpensAModalWhoseSubmissionIsTheAnswerAndClosesWithTheMessageReplaced() {
    Answering listener = Answering.accepting();
    SlackAdapter adapter = started(listener);
    JsonNode view = openedForm(adapter);

    slack.submit("env-submit", "U0BOB", view, Map.of("f|reason", "bad canary", "f|hosts", "3"));

    waiting("the answer").until(() -> listener.answers().size() == 1);
    IncomingAnswer answer = listener.answers().getFirst();
    assertThat(answer.values()).isEqualTo(Map.of("reason", "bad canary", "hosts", 3L));
    assertThat(answer.questionId()).isEqualTo("9b1c");
    assertThat(answer.room()).isEqualTo("C0OPS");
    assertThat(answer.thread()).isEqualTo("1700000000.000050");
    assertThat(answer.userName()).isEqualTo("bob");
    waiting("the modal closed").until(() -> slack.ackBodies.stream()
        .anyMatch(a -> a.path("envelope_id").asText().equals("env-submit")));
    assertThat(slack.ackBodies.stream().filter(a -> a.path("envelope_id").asText().equals("env-submit")))
        .singleElement().satisfies(a -> assertThat(a.has("payload")).isFalse());
    waiting("the message replaced").until(() -> slack.responses.size() == 1);
    assertThat(slack.responses.getFirst().path("replace_original").asBoolean()).isTrue();
    assertThat(slack.responses.getFirst().toString()).contains("by bob");
  }

  @Test
  void aRefusedFormStaysOpenWithTheRefusalAsItsError() {
    Answering listener = Answering.refusing();
    SlackAdapter adapter = started(listener);
    JsonNode view = openedForm(adapter);

    slack.submit("env-submit", "U0ALICE", view, Map.of("f|reason", "because"));

    waiting("the ack").until(() -> slack.ackBodies.stream()
        .anyMatch(a -> a.path("envelope_id").asText().equals("env-submit")));
    JsonNode ack = slack.ackBodies.stream().filter(a -> a.path("envelope_id").asText().equals("env-submit"))
        .findFirst().orElseThrow();
    assertThat(ack.path("payload").path("response_action").asText()).isEqualTo("errors");
    assertThat(ack.path("payload").path("errors").path("f|reason").asText()).isEqualTo("You may not answer this");
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("reason", "because"));
    assertThat(slack.responses).isEmpty();
  }

  @Test
  void aFormWhoseAnswerTakesLongClosesInTimeAndTheRefusalComesAsAnEphemeralMessage() {
    // The listener decides only after Slack saw the modal's ack: the adapter must not wait for it.
    Answering listener = new Answering(a -> {
      waiting("the modal acked before the decision").until(() -> slack.ackBodies.stream()
          .anyMatch(ack -> ack.path("envelope_id").asText().equals("env-submit")));
      return new AnswerReceipt.Refused("This inquiry has expired");
    });
    SlackAdapter adapter = started(listener);
    JsonNode view = openedForm(adapter);

    slack.submit("env-submit", "U0BOB", view, Map.of("f|reason", "late"));

    waiting("the refusal").until(() -> slack.ephemerals.size() == 1);
    assertThat(slack.ephemerals).containsExactly(Map.entry("U0BOB", "This inquiry has expired"));
    assertThat(slack.ackBodies.stream().filter(a -> a.path("envelope_id").asText().equals("env-submit")))
        .singleElement().satisfies(a -> assertThat(a.has("payload")).isFalse());
  }
}
