package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.AdapterHealth;
import dev.squall.chat.AnswerReceipt;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.ChatListener;
import dev.squall.chat.IncomingAnswer;
import dev.squall.chat.IncomingMessage;
import dev.squall.chat.MemoryAdapter;
import dev.squall.chat.PlatformLimits;
import dev.squall.chat.PostedMessage;
import dev.squall.chat.OutgoingMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow with {@code core.ask} started from chat: it pauses, its question appears in the
 * thread the command came from, and a typed answer ({@code !approve}, {@code !respond}) resumes
 * it with the value published into the result posted back.
 */
class InquiryFromChatTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;
  @TempDir Path packs;
  private RunningSquall server;
  private MemoryAdapter chat;

  @BeforeEach
  void start() throws Exception {
    TestPack flows = TestPack.in(packs, "flows");
    flows.workflow("release", """
        app: {type: string, required: true}
        """, """
        version: 1.0
        input:
          - app
        tasks:
          confirm:
            action: core.ask
            input:
              schema:
                type: object
                description: Release it?
                properties:
                  continue: {type: boolean, required: true}
            next:
              - when: <% succeeded() %>
                publish: go=<% result().response.continue %>
                do: pick
          pick:
            action: core.ask
            input:
              schema:
                type: object
                properties:
                  env: {type: string, enum: [staging, prod], required: true}
                  note: {type: string}
            next:
              - when: <% succeeded() %>
                publish: env=<% result().response.env %>
        output:
          - summary: <% ctx(app) %> go=<% ctx(go) %> to <% ctx(env) %>
        """);
    flows.alias("release", """
        name: release
        action_ref: flows.release
        description: Release an app after asking
        formats:
          - "release {{app}}"
        result:
          format: "{{ execution.result.output.summary }}"
        """);
    Files.writeString(home.resolve("squall.yaml"), "chat:\n  users:\n    \"memory:u-ops\": admin\n    \"editing:u-ops\": admin\n");
    server = RunningSquall.startIn(home, Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false",
        "SQUALL_PACKS_PATH", RunningSquall.testPacks() + ":" + packs));
    chat = new MemoryAdapter(2000);
    server.squall().bot().addAdapter(chat);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OutgoingMessage awaitMessage(String containing) {
    try {
      return await().atMost(WAIT).until(() -> chat.in("#deploys").stream()
          .filter(m -> m.text().contains(containing)).findFirst().orElse(null), m -> m != null);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no message with \"" + containing + "\" among "
          + chat.in("#deploys").stream().map(OutgoingMessage::text).toList(), e);
    }
  }

  private static String id(String text) {
    Matcher m = Pattern.compile("Inquiry ([0-9a-f]{24})").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  @Test
  void theQuestionsAppearInTheThreadAndTypedAnswersResumeTheWorkflowWithTheValuesPublished() {
    chat.say("u-ops", "#deploys", "t-9", "!release web");

    OutgoingMessage first = awaitMessage("Release it?");
    assertThat(first.thread()).isEqualTo("t-9");
    assertThat(first.kind()).isEqualTo(OutgoingMessage.Kind.QUESTION);
    assertThat(first.question().fields()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("continue"));
    assertThat(first.text()).contains("!approve").contains("!deny");
    String ask = id(first.text());
    String wf = server.get("/api/v1/executions?action=flows.release").json().get(0).get("id").asText();
    assertThat(server.get("/api/v1/executions/" + wf).json().get("status").asText()).isEqualTo("paused");

    chat.say("u-ops", "#deploys", "t-9", "!approve " + ask.substring(0, 20));
    awaitMessage("Answered by admin: continue=true");

    OutgoingMessage second = await().atMost(WAIT).until(() -> chat.in("#deploys").stream()
        .filter(m -> m.kind() == OutgoingMessage.Kind.QUESTION && !m.text().contains(ask)).findFirst()
        .orElse(null), m -> m != null);
    assertThat(second.thread()).isEqualTo("t-9");
    assertThat(second.question().fields().getFirst().options()).containsExactly("staging", "prod");
    String pick = id(second.text());
    chat.say("u-ops", "#deploys", "t-9", "!approve " + pick);
    awaitMessage("asks for more than yes or no");
    chat.say("u-ops", "#deploys", "t-9", "!respond " + pick + " env=dev");
    awaitMessage("is not one of ['staging', 'prod']");
    chat.say("u-ops", "#deploys", "t-9", "!respond " + pick + " env=prod");

    OutgoingMessage result = awaitMessage("web go=True to prod");
    assertThat(result.thread()).isEqualTo("t-9");
    assertThat(server.get("/api/v1/executions/" + wf).json().get("status").asText()).isEqualTo("succeeded");
  }

  @Test
  void aTypedAnswerEditsTheQuestionAndOneGivenWithControlsIsLeftToTheAdapterToShow() {
    EditingChat editing = new EditingChat();
    server.squall().bot().addAdapter(editing);
    editing.listener.onMessage(new IncomingMessage("editing", "u-ops", "ops", "#rel", "t-1", false, false,
        "!release api", Instant.now()));
    PostedMessage first = await().atMost(WAIT).until(() -> editing.posted.isEmpty() ? null : editing.posted.getFirst(),
        p -> p != null);
    OutgoingMessage question = editing.questions().getFirst();
    assertThat(question.kind()).isEqualTo(OutgoingMessage.Kind.QUESTION);
    assertThat(first.thread()).isEqualTo("t-1");

    AnswerReceipt refused = editing.listener.onAnswer(new IncomingAnswer("editing", "u-other", "other", "#rel", "t-1",
        "ffffffffffffffffffffffff", Map.of("continue", true), first, Instant.now()));
    assertThat(refused).isInstanceOf(AnswerReceipt.Refused.class);
    // Typed: the bot edits the question to show the answer.
    editing.listener.onMessage(new IncomingMessage("editing", "u-ops", "ops", "#rel", "t-1", false, false,
        "!respond " + question.question().id() + " continue=true", Instant.now()));
    await().atMost(WAIT).until(() -> !editing.edits.isEmpty());
    assertThat(editing.edits).singleElement().satisfies(e -> {
      assertThat(e.getKey()).isEqualTo(first);
      assertThat(e.getValue().text()).contains(question.text()).endsWith("Answered by admin: continue=true");
    });

    // With the platform's controls: the same path, and the receipt is the adapter's to show.
    OutgoingMessage second = await().atMost(WAIT).until(() -> editing.questions().size() > 1
        ? editing.questions().get(1) : null, m -> m != null);
    AnswerReceipt picked = editing.listener.onAnswer(new IncomingAnswer("editing", "u-ops", "ops", "#rel", "t-1",
        second.question().id(), Map.of("env", "staging"), editing.posted.get(1), Instant.now()));
    assertThat(picked).isEqualTo(new AnswerReceipt.Accepted("Answered by admin: env=staging"));
    await().atMost(WAIT).until(() -> editing.sent.stream().anyMatch(m -> m.text().contains("api go=True to staging")));
    assertThat(editing.edits).as("not edited a second time by the bot").hasSize(1);
  }

  /** A platform that posts messages it can edit, and whose users answer with controls. */
  static final class EditingChat implements ChatAdapter {
    final List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();
    final List<PostedMessage> posted = new CopyOnWriteArrayList<>();
    final List<Map.Entry<PostedMessage, OutgoingMessage>> edits = new CopyOnWriteArrayList<>();
    volatile ChatListener listener;

    List<OutgoingMessage> questions() {
      return sent.stream().filter(m -> m.kind() == OutgoingMessage.Kind.QUESTION).toList();
    }

    @Override
    public String name() {
      return "editing";
    }

    @Override
    public PlatformLimits limits() {
      return new PlatformLimits("editing", 4000, true);
    }

    @Override
    public void start(ChatListener l) {
      listener = l;
    }

    @Override
    public void send(OutgoingMessage message) {
      sent.add(message);
    }

    @Override
    public Optional<PostedMessage> post(OutgoingMessage message) {
      sent.add(message);
      PostedMessage p = new PostedMessage(message.room(), message.thread(), "m" + posted.size());
      posted.add(p);
      return Optional.of(p);
    }

    @Override
    public boolean edits() {
      return true;
    }

    @Override
    public void edit(PostedMessage p, OutgoingMessage replacement) {
      edits.add(Map.entry(p, replacement));
    }

    @Override
    public boolean asksWithControls() {
      return true;
    }

    @Override
    public AdapterHealth health() {
      return new AdapterHealth("editing", "editing", AdapterHealth.State.CONNECTED, "in memory", Instant.EPOCH);
    }

    @Override
    public void close() {
      listener = null;
    }
  }

  @Test
  void anIdThatNamesNothingWaitingGetsAClearAnswer() {
    chat.say("u-ops", "#deploys", null, "!approve 0123abc");
    awaitMessage("Nothing is waiting for an answer under \"0123abc\"");
    chat.say("u-ops", "#deploys", null, "!respond");
    awaitMessage("Usage: !respond ID key=value");
    assertThat(chat.in("#deploys")).hasSize(2);
    List<String> texts = chat.in("#deploys").stream().map(OutgoingMessage::text).toList();
    assertThat(texts).noneMatch(t -> t.contains("No alias matches"));
  }
}
