package dev.squall.chat.teams;

import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.Answering;
import dev.squall.chat.IncomingAnswer;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.Question;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TeamsQuestionsTest {

  private static final String CHANNEL = "19:ops-channel@thread.tacv2";
  private static final String THREAD = "1764000000555";
  private static final Question APPROVE = new Question("4f2a", "Deploy to prod?",
      List.of(new Question.Field("approved", "Approve the deploy", Question.Type.BOOLEAN, List.of(), true)));

  private final AdapterTestRig rig = new AdapterTestRig();
  private final FakeTeams teams = rig.closeLater(new FakeTeams());

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  private TeamsAdapter started(Answering listener) {
    Map<String, Object> config = new HashMap<>(teams.adapterConfig());
    config.remove("type");
    return listener.start(rig, new TeamsAdapter("teams", TeamsSettings.fromConfig("teams", config)));
  }

  private FakeTeams.Stored asked(TeamsAdapter adapter, Question question) {
    int before = teams.stored.size();
    adapter.send(OutgoingMessage.question(CHANNEL, THREAD, "Answer with `!approve 4f2a`", question));
    waiting("the card posted").until(() -> teams.stored.size() == before + 1);
    return teams.stored.get(before);
  }

  private static JsonNode card(FakeTeams.Stored stored) {
    JsonNode attachment = stored.post().body().path("attachments").path(0);
    assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    return attachment.path("content");
  }

  private static List<JsonNode> actions(JsonNode card) {
    return StreamSupport.stream(card.path("actions").spliterator(), false).toList();
  }

  @Test
  void aBooleanQuestionIsACardWithTwoActionsAndTheInvokeRefreshesItWithWhoAnswered() {
    Answering listener = Answering.accepting();
    TeamsAdapter adapter = started(listener);
    assertThat(adapter.asksWithControls()).isTrue();
    FakeTeams.Stored stored = asked(adapter, APPROVE);
    assertThat(stored.post().conversationId()).isEqualTo(CHANNEL + ";messageid=" + THREAD);
    JsonNode card = card(stored);
    assertThat(card.path("body").path(0).path("text").asText()).isEqualTo("Deploy to prod?");
    assertThat(actions(card)).extracting(a -> a.path("type").asText() + ":" + a.path("title").asText())
        .containsExactly("Action.Execute:Yes", "Action.Execute:No");

    FakeTeams.Answer response = teams.invoke("bob", CHANNEL, THREAD, stored.id(), actions(card).getFirst(), Map.of());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().path("statusCode").asInt()).isEqualTo(200);
    assertThat(response.body().path("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode refreshed = response.body().path("value");
    assertThat(refreshed.toString()).contains("Deploy to prod?").contains("by bob");
    assertThat(refreshed.has("actions")).isFalse();

    IncomingAnswer answer = listener.answers().getFirst();
    assertThat(answer.userId()).isEqualTo(FakeTeams.aadId("bob"));
    assertThat(answer.userName()).isEqualTo("bob");
    assertThat(answer.room()).isEqualTo(CHANNEL);
    assertThat(answer.thread()).isEqualTo(THREAD);
    assertThat(answer.questionId()).isEqualTo("4f2a");
    assertThat(answer.values()).isEqualTo(Map.of("approved", true));
    assertThat(answer.message()).isEqualTo(new PostedMessage(CHANNEL, THREAD, stored.id()));
  }

  @Test
  void anApprovalThatNeedsTwoKeepsItsActionsAfterTheFirstClickAndLosesThemAtTheSecond() {
    Answering listener = Answering.approvals(2);
    TeamsAdapter adapter = started(listener);
    FakeTeams.Stored stored = asked(adapter, APPROVE);

    FakeTeams.Answer first = teams.invoke("bob", CHANNEL, THREAD, stored.id(), actions(card(stored)).getFirst(), Map.of());

    assertThat(first.body().path("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode open = first.body().path("value");
    assertThat(open.toString()).contains("Deploy to prod?").contains("Approved by bob (1 of 2); waiting for 1 more");
    assertThat(actions(open)).extracting(a -> a.path("type").asText() + ":" + a.path("title").asText())
        .containsExactly("Action.Execute:Yes", "Action.Execute:No");

    FakeTeams.Answer second = teams.invoke("carol", CHANNEL, THREAD, stored.id(), actions(open).getFirst(), Map.of());

    assertThat(second.body().path("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode decided = second.body().path("value");
    assertThat(decided.toString()).contains("Approved by carol (2 of 2): runs now").doesNotContain("waiting for");
    assertThat(decided.has("actions")).isFalse();
    assertThat(listener.answers()).extracting(IncomingAnswer::userName).containsExactly("bob", "carol");
  }

  @Test
  void aRefusedInvokeIsAMessageToTheClickerAndTheCardStays() {
    Answering listener = Answering.refusing();
    TeamsAdapter adapter = started(listener);
    FakeTeams.Stored stored = asked(adapter, APPROVE);

    FakeTeams.Answer response = teams.invoke("alice", CHANNEL, THREAD, stored.id(), actions(card(stored)).get(1), Map.of());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().path("type").asText()).isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(response.body().path("value").asText()).isEqualTo("You may not answer this");
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("approved", false));
  }

  @Test
  void anInvokeWithoutTheBotFrameworksTokenIsRefusedAndAnswersNothing() {
    Answering listener = Answering.accepting();
    TeamsAdapter adapter = started(listener);
    FakeTeams.Stored stored = asked(adapter, APPROVE);
    com.fasterxml.jackson.databind.node.ObjectNode activity =
        teams.messageActivity(teams.nextActivityId(), "mallory", CHANNEL, THREAD, "");
    activity.put("type", "invoke").put("name", "adaptiveCard/action").put("replyToId", stored.id());
    activity.putObject("value").putObject("action").put("type", "Action.Execute").put("verb", "squall.answer")
        .set("data", actions(card(stored)).getFirst().path("data"));

    assertThat(teams.deliver(activity, null)).isEqualTo(401);
    assertThat(teams.deliver(activity, "Bearer " + teams.channelToken(c -> c.put("aud", "someone-else")))).isEqualTo(401);
    assertThat(listener.answers()).isEmpty();
  }

  @Test
  void aFewChoicesAreAnActionEachAndAFormHasTypedInputs() {
    Answering listener = Answering.accepting();
    TeamsAdapter adapter = started(listener);
    FakeTeams.Stored choice = asked(adapter, new Question("c1", "Which region?", List.of(
        new Question.Field("region", "Region", Question.Type.CHOICE, List.of("eu", "us"), true))));
    assertThat(actions(card(choice))).extracting(a -> a.path("title").asText()).containsExactly("eu", "us");
    teams.invoke("bob", CHANNEL, THREAD, choice.id(), actions(card(choice)).get(1), Map.of());
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("region", "us"));

    FakeTeams.Stored form = asked(adapter, new Question("9b1c", "Why roll back?", List.of(
        new Question.Field("reason", "Reason", Question.Type.STRING, List.of(), true),
        new Question.Field("hosts", "How many hosts", Question.Type.NUMBER, List.of(), false),
        new Question.Field("size", "Size", Question.Type.CHOICE, List.of("s", "m", "l"), false))));
    JsonNode card = card(form);
    assertThat(StreamSupport.stream(card.path("body").spliterator(), false).skip(1)
        .map(i -> i.path("type").asText() + ":" + i.path("id").asText()))
        .containsExactly("Input.Text:reason", "Input.Number:hosts", "Input.ChoiceSet:size");
    assertThat(actions(card)).extracting(a -> a.path("title").asText()).containsExactly("Submit");

    FakeTeams.Answer response = teams.invoke("bob", CHANNEL, THREAD, form.id(), actions(card).getFirst(),
        Map.of("reason", "bad canary", "hosts", "3", "size", "m"));

    assertThat(listener.answers().get(1).values()).isEqualTo(Map.of("reason", "bad canary", "hosts", 3L, "size", "m"));
    assertThat(response.body().path("value").toString()).contains("by bob");
  }
}
