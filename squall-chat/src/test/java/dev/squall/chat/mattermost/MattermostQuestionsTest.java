package dev.squall.chat.mattermost;

import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.Answering;
import dev.squall.chat.IncomingAnswer;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.Question;
import dev.squall.core.error.BadRequestException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MattermostQuestionsTest {

  private static final String CHANNEL = "chan0000000000000000000000";
  private static final String ROOT = "root0000000000000000000000";
  private static final String BOB = "bob00000000000000000000000";
  private static final Question APPROVE = new Question("4f2a", "Deploy to prod?",
      List.of(new Question.Field("approved", "Approve the deploy", Question.Type.BOOLEAN, List.of(), true)));

  private final AdapterTestRig rig = new AdapterTestRig();
  private final FakeMattermostServer server = rig.closeLater(new FakeMattermostServer());

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  private MattermostAdapter started(Answering listener, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(Map.of("url", server.url(), "token", FakeMattermostServer.TOKEN,
        "reconnect_min_ms", 10, "reconnect_max_ms", 200));
    config.putAll(extra);
    return listener.start(rig, new MattermostAdapter("mm", MattermostSettings.fromConfig("mm", config)));
  }

  private MattermostAdapter started(Answering listener) {
    return started(listener, Map.of("actions_listen_port", 0));
  }

  private JsonNode asked(MattermostAdapter adapter, Question question, String text) {
    int before = server.created.size();
    adapter.send(OutgoingMessage.question(CHANNEL, ROOT, text, question));
    waiting("the question posted").until(() -> server.created.size() == before + 1);
    return server.created.get(before);
  }

  private static List<JsonNode> actions(JsonNode post) {
    return StreamSupport.stream(post.path("props").path("attachments").path(0).path("actions").spliterator(), false)
        .toList();
  }

  @Test
  void aBooleanQuestionIsTwoButtonsAndAClickUpdatesThePostWithWhoAnswered() {
    Answering listener = Answering.accepting();
    MattermostAdapter adapter = started(listener);
    assertThat(adapter.asksWithControls()).isTrue();
    JsonNode post = asked(adapter, APPROVE, "Answer with `!approve 4f2a`");
    assertThat(post.path("message").asText()).isEqualTo("Deploy to prod?");
    assertThat(post.path("root_id").asText()).isEqualTo(ROOT);
    assertThat(actions(post)).extracting(a -> a.path("type").asText() + ":" + a.path("name").asText())
        .containsExactly("button:Yes", "button:No");
    assertThat(actions(post).getFirst().path("integration").path("url").asText())
        .isEqualTo("http://127.0.0.1:" + adapter.actionsPort() + "/squall/actions");

    FakeMattermostServer.ActionAnswer answered = server.click(BOB, "bob", post, "yes", null);

    assertThat(answered.status()).isEqualTo(200);
    JsonNode update = answered.body().path("update");
    assertThat(update.path("message").asText()).isEqualTo("Deploy to prod?");
    assertThat(update.path("props").toString()).contains("by bob").doesNotContain("actions");
    JsonNode now = server.post(post.path("id").asText());
    assertThat(actions(now)).isEmpty();
    assertThat(now.path("props").toString()).contains("by bob");
    IncomingAnswer answer = listener.answers().getFirst();
    assertThat(answer.adapter()).isEqualTo("mm");
    assertThat(answer.userId()).isEqualTo(BOB);
    assertThat(answer.userName()).isEqualTo("bob");
    assertThat(answer.room()).isEqualTo(CHANNEL);
    assertThat(answer.thread()).isEqualTo(ROOT);
    assertThat(answer.questionId()).isEqualTo("4f2a");
    assertThat(answer.values()).isEqualTo(Map.of("approved", true));
    assertThat(answer.message()).isEqualTo(new PostedMessage(CHANNEL, ROOT, post.path("id").asText()));
  }

  @Test
  void anApprovalThatNeedsTwoKeepsItsButtonsAfterTheFirstClickAndLosesThemAtTheSecond() {
    Answering listener = Answering.approvals(2);
    MattermostAdapter adapter = started(listener);
    JsonNode post = asked(adapter, APPROVE, "Answer with `!approve 4f2a`");
    String id = post.path("id").asText();

    FakeMattermostServer.ActionAnswer first = server.click(BOB, "bob", post, "yes", null);

    assertThat(first.status()).isEqualTo(200);
    JsonNode open = server.post(id);
    assertThat(open.path("message").asText()).isEqualTo("Deploy to prod?");
    assertThat(open.path("props").toString()).contains("Approved by bob (1 of 2); waiting for 1 more");
    assertThat(actions(open)).extracting(a -> a.path("name").asText()).containsExactly("Yes", "No");

    FakeMattermostServer.ActionAnswer second = server.click("carol0000000000000000000000", "carol", open, "yes", null);

    assertThat(second.status()).isEqualTo(200);
    JsonNode decided = server.post(id);
    assertThat(decided.path("props").toString()).contains("Approved by carol (2 of 2): runs now")
        .doesNotContain("waiting for");
    assertThat(actions(decided)).isEmpty();
    assertThat(listener.answers()).extracting(IncomingAnswer::userName).containsExactly("bob", "carol");
    assertThat(listener.answers()).extracting(a -> a.message().id()).containsOnly(id);
  }

  @Test
  void aRefusedClickIsAnEphemeralTextAndThePostKeepsItsButtons() {
    Answering listener = Answering.refusing();
    MattermostAdapter adapter = started(listener);
    JsonNode post = asked(adapter, APPROVE, "Answer with `!approve 4f2a`");

    FakeMattermostServer.ActionAnswer answered = server.click(BOB, "bob", post, "no", null);

    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.body().path("ephemeral_text").asText()).isEqualTo("You may not answer this");
    assertThat(answered.body().has("update")).isFalse();
    assertThat(actions(server.post(post.path("id").asText()))).hasSize(2);
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("approved", false));
  }

  @Test
  void aRequestWhoseContextIsNotSignedByTheAdapterIsRefusedAndAnswersNothing() {
    Answering listener = Answering.accepting();
    MattermostAdapter adapter = started(listener);
    JsonNode post = asked(adapter, APPROVE, "Answer with `!approve 4f2a`");
    JsonNode no = actions(post).get(1).path("integration");
    ObjectNode forged = ((ObjectNode) no.path("context")).deepCopy().put("value", "true");

    FakeMattermostServer.ActionAnswer answered = server.integrationRequest(no.path("url").asText(), BOB, "bob", post,
        forged, "");

    assertThat(answered.status()).isEqualTo(403);
    assertThat(listener.answers()).isEmpty();
  }

  @Test
  void aFewChoicesAreButtonsManyAreASelectAndAFormIsAskedAsText() {
    Answering listener = Answering.accepting();
    MattermostAdapter adapter = started(listener);
    JsonNode buttons = asked(adapter, new Question("c1", "Which region?", List.of(
        new Question.Field("region", "Region", Question.Type.CHOICE, List.of("eu", "us"), true))), "typed");
    assertThat(actions(buttons)).extracting(a -> a.path("name").asText()).containsExactly("eu", "us");
    server.click(BOB, "bob", buttons, "choice1", null);
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("region", "us"));

    JsonNode select = asked(adapter, new Question("c2", "Which size?", List.of(new Question.Field("size", "Size",
        Question.Type.CHOICE, List.of("xs", "s", "m", "l", "xl", "xxl"), true))), "typed");
    assertThat(actions(select)).singleElement().satisfies(a -> {
      assertThat(a.path("type").asText()).isEqualTo("select");
      assertThat(a.path("options")).hasSize(6);
    });
    server.click(BOB, "bob", select, "choose", "xl");
    assertThat(listener.answers().get(1).values()).isEqualTo(Map.of("size", "xl"));

    JsonNode form = asked(adapter, new Question("9b1c", "Why roll back?", List.of(
        new Question.Field("reason", "Reason", Question.Type.STRING, List.of(), true))), "Answer with `!respond 9b1c reason=…`");
    assertThat(form.path("message").asText()).isEqualTo("Answer with `!respond 9b1c reason=…`");
    assertThat(form.path("props").path("attachments").isMissingNode()).isTrue();
  }

  @Test
  void withoutAnActionsListenerQuestionsAreTextAndTheListenerKeysNeedItsPort() {
    Answering listener = Answering.accepting();
    MattermostAdapter adapter = started(listener, Map.of());
    assertThat(adapter.asksWithControls()).isFalse();
    JsonNode post = asked(adapter, APPROVE, "Answer with `!approve 4f2a`");
    assertThat(post.path("message").asText()).isEqualTo("Answer with `!approve 4f2a`");
    assertThat(adapter.actionsPort()).isEqualTo(-1);

    assertThatThrownBy(() -> MattermostSettings.fromConfig("mm", Map.of("url", server.url(), "token", "t",
        "actions_url", "https://squall.example.org/squall/actions")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("chat.mm.actions_url needs chat.mm.actions_listen_port");
    assertThatThrownBy(() -> MattermostSettings.fromConfig("mm", Map.of("url", server.url(), "token", "t",
        "actions_listen_port", 0, "actions_secret", "short")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("at least 16 characters");
  }

  @Test
  void aConfiguredActionsUrlIsWhatTheButtonsCall() {
    MattermostAdapter adapter = started(Answering.accepting(), Map.of("actions_listen_port", 0,
        "actions_url", "https://squall.example.org/squall/actions", "actions_secret", "0123456789abcdef-secret"));
    JsonNode post = asked(adapter, APPROVE, "typed");
    assertThat(actions(post)).allSatisfy(a ->
        assertThat(a.path("integration").path("url").asText()).isEqualTo("https://squall.example.org/squall/actions"));
    assertThat(adapter.actionsPort()).isPositive();
  }
}
