package dev.squall.chat.discord;

import static dev.squall.chat.AdapterTestRig.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.AdapterTestRig;
import dev.squall.chat.Answering;
import dev.squall.chat.IncomingAnswer;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.Question;
import dev.squall.chat.discord.FakeDiscord.Author;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscordQuestionsTest {

  private static final Author BOB = new Author("1400000000000000002", "bob", "Bob", false);
  private static final String OPS = "1500000000000000001";
  private static final String ASKED_IN = "1300000000000000777";
  private static final Question APPROVE = new Question("4f2a", "Deploy to prod?",
      List.of(new Question.Field("approved", "Approve the deploy", Question.Type.BOOLEAN, List.of(), true)));

  private final AdapterTestRig rig = new AdapterTestRig();
  private final FakeDiscord discord = rig.closeLater(new FakeDiscord());

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  private DiscordAdapter started(Answering listener) {
    return listener.start(rig, new DiscordAdapter("discord", DiscordSettings.fromConfig("discord",
        discord.adapterConfig().entrySet().stream().filter(e -> !e.getKey().equals("type"))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
  }

  private JsonNode asked(DiscordAdapter adapter, Question question) {
    int before = discord.created.size();
    adapter.send(OutgoingMessage.question(OPS, ASKED_IN, "Answer with `!approve " + question.id() + "`", question));
    waiting("the question posted").until(() -> discord.created.size() == before + 1);
    return discord.created.get(before);
  }

  private static List<JsonNode> components(JsonNode message) {
    return StreamSupport.stream(message.path("components").spliterator(), false)
        .flatMap(row -> StreamSupport.stream(row.path("components").spliterator(), false)).toList();
  }

  @Test
  void aBooleanQuestionIsTwoButtonsAndAClickUpdatesTheMessageWithWhoAnswered() {
    // The listener decides only once the interaction was acknowledged: an ack that waited for it
    // would come too late for Discord's 3 seconds, and here never.
    Answering listener = new Answering(a -> {
      waiting("the interaction acknowledged first").until(() -> discord.callbacks.size() == 1);
      return new dev.squall.chat.AnswerReceipt.Accepted("Approved by " + a.userName());
    });
    DiscordAdapter adapter = started(listener);
    assertThat(adapter.asksWithControls()).isTrue();
    JsonNode message = asked(adapter, APPROVE);
    assertThat(message.path("content").asText()).isEqualTo("Deploy to prod?");
    assertThat(components(message)).extracting(c -> c.path("type").asInt() + ":" + c.path("label").asText())
        .containsExactly("2:Yes", "2:No");

    String interaction = discord.click(BOB, message, components(message).getFirst().path("custom_id").asText(), null);

    waiting("the message edited").until(() -> discord.webhookCalls.size() == 1);
    FakeDiscord.Callback callback = discord.callbacks.getFirst();
    assertThat(callback.interactionId()).isEqualTo(interaction);
    assertThat(callback.token()).isEqualTo("aW50ZXJhY3Rpb246" + interaction);
    assertThat(callback.body().path("type").asInt()).isEqualTo(6);
    FakeDiscord.Callback edit = discord.webhookCalls.getFirst();
    assertThat(edit.interactionId()).isEqualTo(interaction);
    assertThat(edit.body().path("content").asText()).contains("Deploy to prod?").contains("Approved by Bob");
    assertThat(edit.body().path("components")).isEmpty();
    JsonNode now = discord.createdMessage(message.path("id").asText());
    assertThat(components(now)).isEmpty();
    assertThat(now.path("content").asText()).contains("Approved by Bob");

    IncomingAnswer answer = listener.answers().getFirst();
    assertThat(answer.userId()).isEqualTo(BOB.id());
    assertThat(answer.userName()).isEqualTo("Bob");
    assertThat(answer.room()).isEqualTo(OPS);
    assertThat(answer.thread()).isEqualTo(ASKED_IN);
    assertThat(answer.questionId()).isEqualTo("4f2a");
    assertThat(answer.values()).isEqualTo(Map.of("approved", true));
    assertThat(answer.message()).isEqualTo(new PostedMessage(OPS, ASKED_IN, message.path("id").asText()));
  }

  @Test
  void anApprovalThatNeedsTwoKeepsItsButtonsAfterTheFirstClickAndLosesThemAtTheSecond() {
    Author carol = new Author("1400000000000000003", "carol", "Carol", false);
    Answering listener = Answering.approvals(2);
    DiscordAdapter adapter = started(listener);
    JsonNode message = asked(adapter, APPROVE);
    String id = message.path("id").asText();

    discord.click(BOB, message, components(message).getFirst().path("custom_id").asText(), null);

    waiting("the message edited").until(() -> discord.webhookCalls.size() == 1);
    JsonNode open = discord.createdMessage(id);
    assertThat(open.path("content").asText()).contains("Deploy to prod?")
        .contains("Approved by Bob (1 of 2); waiting for 1 more");
    assertThat(components(open)).extracting(c -> c.path("label").asText()).containsExactly("Yes", "No");

    discord.click(carol, open, components(open).getFirst().path("custom_id").asText(), null);

    waiting("the message edited again").until(() -> discord.webhookCalls.size() == 2);
    JsonNode decided = discord.createdMessage(id);
    assertThat(decided.path("content").asText()).contains("Approved by Carol (2 of 2): runs now");
    assertThat(components(decided)).isEmpty();
    assertThat(listener.answers()).extracting(IncomingAnswer::userName).containsExactly("Bob", "Carol");
  }

  @Test
  void aRefusedClickIsAnEphemeralReplyAndTheMessageKeepsItsButtons() {
    Answering listener = Answering.refusing();
    DiscordAdapter adapter = started(listener);
    JsonNode message = asked(adapter, APPROVE);

    discord.click(BOB, message, components(message).get(1).path("custom_id").asText(), null);

    waiting("the refusal").until(() -> discord.followups.size() == 1);
    assertThat(discord.callbacks.getFirst().body().path("type").asInt()).isEqualTo(6);
    JsonNode body = discord.followups.getFirst();
    assertThat(body.path("flags").asInt()).isEqualTo(64);
    assertThat(body.path("content").asText()).isEqualTo("You may not answer this");
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("approved", false));
    assertThat(components(discord.createdMessage(message.path("id").asText()))).hasSize(2);
  }

  @Test
  void aReplayedInteractionIsAnsweredOnce() {
    Answering listener = Answering.accepting();
    DiscordAdapter adapter = started(listener);
    JsonNode message = asked(adapter, APPROVE);
    discord.click(BOB, message, components(message).getFirst().path("custom_id").asText(), null);
    waiting("the answer").until(() -> discord.webhookCalls.size() == 1);

    discord.redeliverLastInteraction();
    JsonNode other = asked(adapter, new Question("5e6f", "Restart web?", APPROVE.fields()));
    discord.click(BOB, other, components(other).get(1).path("custom_id").asText(), null);
    waiting("the next interaction answered").until(() -> discord.webhookCalls.size() == 2);
    assertThat(discord.callbacks).hasSize(2);

    assertThat(listener.answers()).extracting(a -> a.questionId() + "=" + a.values().get("approved"))
        .containsExactly("4f2a=true", "5e6f=false");
  }

  @Test
  void aFewChoicesAreButtonsAndManyAreASelectMenu() {
    Answering listener = Answering.accepting();
    DiscordAdapter adapter = started(listener);
    JsonNode buttons = asked(adapter, new Question("c1", "Which region?", List.of(
        new Question.Field("region", "Region", Question.Type.CHOICE, List.of("eu", "us", "ap"), true))));
    assertThat(components(buttons)).extracting(c -> c.path("label").asText()).containsExactly("eu", "us", "ap");
    discord.click(BOB, buttons, components(buttons).get(2).path("custom_id").asText(), null);
    waiting("the choice").until(() -> listener.answers().size() == 1);
    assertThat(listener.answers().getFirst().values()).isEqualTo(Map.of("region", "ap"));

    JsonNode select = asked(adapter, new Question("c2", "Which size?", List.of(new Question.Field("size", "Size",
        Question.Type.CHOICE, List.of("xs", "s", "m", "l", "xl", "xxl"), true))));
    assertThat(components(select)).singleElement().satisfies(c -> {
      assertThat(c.path("type").asInt()).isEqualTo(3);
      assertThat(c.path("options")).hasSize(6);
    });
    discord.click(BOB, select, components(select).getFirst().path("custom_id").asText(), List.of("xl"));
    waiting("the selection").until(() -> listener.answers().size() == 2);
    assertThat(listener.answers().get(1).questionId()).isEqualTo("c2");
    assertThat(listener.answers().get(1).values()).isEqualTo(Map.of("size", "xl"));
    waiting("both answered").until(() -> discord.webhookCalls.size() == 2);
    assertThat(discord.callbacks).extracting(c -> c.body().path("type").asInt()).containsExactly(6, 6);
  }

  @Test
  void aFormButtonOpensAModalWhoseSubmissionIsTheAnswer() {
    Answering listener = Answering.accepting();
    DiscordAdapter adapter = started(listener);
    JsonNode message = asked(adapter, new Question("9b1c", "Why roll back?", List.of(
        new Question.Field("reason", "Reason", Question.Type.STRING, List.of(), true),
        new Question.Field("hosts", "How many hosts", Question.Type.NUMBER, List.of(), false))));
    assertThat(components(message)).extracting(c -> c.path("label").asText()).containsExactly("Answer…");

    discord.click(BOB, message, components(message).getFirst().path("custom_id").asText(), null);
    waiting("the modal").until(() -> discord.callbacks.size() == 1);
    JsonNode opened = discord.callbacks.getFirst().body();
    assertThat(opened.path("type").asInt()).isEqualTo(9);
    JsonNode modal = opened.path("data");
    assertThat(StreamSupport.stream(modal.path("components").spliterator(), false)
        .map(row -> row.path("components").path(0)).map(i -> i.path("type").asInt() + ":" + i.path("label").asText()))
        .containsExactly("4:Reason", "4:How many hosts");
    assertThat(listener.answers()).isEmpty();

    discord.submit(BOB, message, modal, Map.of("0", "bad canary", "1", "3"));

    waiting("the answer").until(() -> discord.webhookCalls.size() == 1);
    IncomingAnswer answer = listener.answers().getFirst();
    assertThat(answer.values()).isEqualTo(Map.of("reason", "bad canary", "hosts", 3L));
    assertThat(answer.thread()).isEqualTo(ASKED_IN);
    assertThat(discord.callbacks.get(1).body().path("type").asInt()).isEqualTo(6);
    JsonNode now = discord.createdMessage(message.path("id").asText());
    assertThat(now.path("content").asText()).contains("by Bob");
    assertThat(components(now)).isEmpty();
  }
}
