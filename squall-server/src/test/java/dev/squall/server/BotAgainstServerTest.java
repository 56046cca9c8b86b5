package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.chat.MemoryAdapter;
import dev.squall.chat.OutgoingMessage;
import dev.squall.chat.console.ConsoleAdapter;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.execution.model.Execution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot on a real server, talking through an in-memory chat platform. */
class BotAgainstServerTest {

  private static final int LIMIT = 300;
  private static final Pattern ACK = Pattern.compile("I'm on it! Your execution ID is ([0-9a-f]{24})");

  @TempDir static Path home;
  private static RunningSquall server;
  private static MemoryAdapter chat;

  @BeforeAll
  static void start() throws IOException {
    Files.writeString(home.resolve("squall.yaml"), """
        chat:
          max_parts: 4
          users:
            "memory:u-mapped": admin
        """);
    server = RunningSquall.startIn(home, Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false"));
    chat = new MemoryAdapter(LIMIT);
    server.squall().bot().addAdapter(chat);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<OutgoingMessage> awaitRoom(String room, int count) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> chat.in(room), m -> m.size() >= count);
  }

  private static String ackedId(OutgoingMessage ack) {
    Matcher m = ACK.matcher(ack.text());
    assertThat(m.find()).as("ack: %s", ack.text()).isTrue();
    return m.group(1);
  }

  @Test
  void helpListsTheAliasesAndTheBuiltins() {
    chat.say("u1", "#help", null, "!help");
    String help = awaitRoom("#help", 1).stream().map(OutgoingMessage::text).reduce("", String::concat);
    assertThat(help)
        .contains("!help [filter] - Lists the commands")
        .contains("!link - Sends you a one-time link")
        .contains("!greet <name> - Greet someone");
    chat.say("u1", "#help-shout", null, "!help shout");
    assertThat(awaitRoom("#help-shout", 1).get(0).text()).contains("!shout {{word}} - Shout a word back.");
  }

  @Test
  void helpListsHowToAnswerQuestionsAndApprovalsOnOneLine() {
    chat.say("u1", "#help-answers", null, "!help approve");
    assertThat(awaitRoom("#help-answers", 1).get(0).text()).isEqualTo(
        "!respond <id> key=value…, !approve <id>, !deny <id> - Answer what waits for you.");
  }

  @Test
  void helpHidesAliasesThatNeedAMappedUserFromOthers() {
    chat.say("u1", "#help-unmapped", null, "!help secure");
    assertThat(awaitRoom("#help-unmapped", 1).get(0).text()).isEqualTo("No command matches \"secure\".");
    chat.say("u-mapped", "#help-mapped", null, "!help secure");
    assertThat(awaitRoom("#help-mapped", 1).get(0).text()).isEqualTo(
        "!secure {{message}} - Echo, for mapped chat users only.");
  }

  @Test
  void helpFilterNarrowsTheList() {
    chat.say("u1", "#helpf", null, "!help greet");
    assertThat(awaitRoom("#helpf", 1).get(0).text()).isEqualTo(
        "!greet <name> - Greet someone, with a custom ack and a pretext/text result.");
  }

  @Test
  void anAliasCommandIsAckedAndItsResultPostedInTheSameRoomAndThread() {
    chat.say("u1", "#ops", "t-1", "!shout hello");
    List<OutgoingMessage> sent = awaitRoom("#ops", 2);
    String id = ackedId(sent.get(0));
    assertThat(sent.get(0).thread()).isEqualTo("t-1");
    OutgoingMessage result = sent.get(1);
    assertThat(result.thread()).isEqualTo("t-1");
    assertThat(result.text())
        .startsWith("u1-name: Action testpack.shout completed.")
        .contains("status : succeeded", "execution: " + id, "stdout : HELLO");
  }

  @Test
  void aTypoGetsDidYouMean() {
    chat.say("u1", "#typo", null, "!shuot hello");
    assertThat(awaitRoom("#typo", 1).get(0).text()).isEqualTo(
        "No alias matches \"shuot hello\"; did you mean: shout {{word}}? Try !help");
  }

  @Test
  void anAmbiguousCommandNamesTheCandidates() {
    chat.say("u1", "#twin", null, "!twin x");
    assertThat(awaitRoom("#twin", 1).get(0).text()).isEqualTo("Command 'twin x' matched more than 1 pattern: "
        + "\"twin {{message}}\" (testpack.twin_a), \"twin {{message}}\" (testpack.twin_b)");
  }

  @Test
  void usersCanCancelTheirOwnExecutionsAndTheResultSaysCanceled() {
    chat.say("u1", "#cancel", null, "!run sleep 30");
    String id = ackedId(awaitRoom("#cancel", 1).get(0));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> server.squall().executions().get(id).status().wire().equals("running"));
    chat.say("u1", "#cancel", null, "!cancel " + id);
    List<OutgoingMessage> sent = awaitRoom("#cancel", 3);
    assertThat(sent.get(1).text()).startsWith("Execution " + id + " (core.local) is cancel");
    assertThat(sent.get(2).text()).contains("status : canceled", "execution: " + id);
  }

  @Test
  void aFailingActionsResultSaysFailed() {
    chat.say("u1", "#fail", null, "!run echo oops >&2; exit 3");
    List<OutgoingMessage> sent = awaitRoom("#fail", 2);
    assertThat(sent.get(1).text()).contains("status : failed", "stderr : oops", "return_code : 3");
  }

  @Test
  void customAckAndResultFormatWithPretextSplit() {
    chat.say("u1", "#greet", null, "!greet bob");
    List<OutgoingMessage> sent = awaitRoom("#greet", 2);
    // The ack links to the execution's page in this server's web UI (webui.base_url's default).
    assertThat(sent.get(0).text()).matches("greeting bob as ([0-9a-f]{24}) \\(details available at "
        + java.util.regex.Pattern.quote(server.url().toString()) + "/#/history/\\1/general\\)");
    assertThat(sent.get(1).text()).isEqualTo("u1-name: Greeted.\nsaid: bob");
  }

  @Test
  void longOutputIsSplitInOrderAndCappedWithAPointer() {
    chat.say("u1", "#long", null, "!run seq 1 400");
    List<OutgoingMessage> sent = awaitRoom("#long", 5);
    String id = ackedId(sent.get(0));
    List<OutgoingMessage> parts = sent.subList(1, sent.size());
    assertThat(parts).hasSize(4);
    assertThat(parts).allSatisfy(p -> assertThat(p.text().length()).isLessThanOrEqualTo(LIMIT));
    List<Integer> numbers = new ArrayList<>();
    for (OutgoingMessage p : parts.subList(0, 3)) {
      for (String line : p.text().split("\n")) {
        if (line.strip().matches("\\d+")) {
          numbers.add(Integer.parseInt(line.strip()));
        }
      }
    }
    assertThat(numbers).isNotEmpty();
    for (int i = 0; i < numbers.size(); i++) {
      assertThat(numbers.get(i)).isEqualTo(i + 1);
    }
    assertThat(parts.get(3).text())
        .isEqualTo("… the rest is cut (3 parts shown); full output: squall execution get " + id);
  }

  @Test
  void unmappedUsersRunAsTheDefaultUserAndMappedUsersAsThemselves() {
    chat.say("u1", "#id", "t-9", "!shout a");
    String unmapped = ackedId(awaitRoom("#id", 1).get(0));
    chat.say("u-mapped", "#id2", null, "!shout b");
    String mapped = ackedId(awaitRoom("#id2", 1).get(0));

    JsonNode e1 = server.get("/api/v1/executions/" + unmapped).json();
    assertThat(e1.at("/context/user").asText()).isEqualTo("chatops");
    assertThat(e1.at("/context/api_user").asText()).isEqualTo("u1-name");
    JsonNode source = e1.at("/context/notify/on_complete/data/source_context");
    assertThat(source.path("adapter").asText()).isEqualTo("memory");
    assertThat(source.path("user_id").asText()).isEqualTo("u1");
    assertThat(source.path("room").asText()).isEqualTo("#id");
    assertThat(source.path("thread").asText()).isEqualTo("t-9");
    assertThat(e1.at("/context/notify/on_complete/routes/0").asText()).isEqualTo("chat");

    JsonNode e2 = server.get("/api/v1/executions/" + mapped).json();
    assertThat(e2.at("/context/user").asText()).isEqualTo("admin");
    assertThat(e2.at("/context/api_user").asText()).isEqualTo("u-mapped-name");
  }

  @Test
  void whoamiTellsWhoTheUserRunsAs() {
    chat.say("u1", "#who", null, "!whoami");
    chat.say("u-mapped", "#who", null, "@squall: whoami");
    List<OutgoingMessage> sent = awaitRoom("#who", 2);
    assertThat(sent.get(0).text()).isEqualTo("You are u1-name (memory:u1), not linked, running as "
        + "chat.default_user chatops; roles: chat_runner. Link yourself to your Squall user with !link.");
    assertThat(sent.get(1).text()).isEqualTo(
        "You are u-mapped-name (memory:u-mapped), running as Squall user admin (chat.users); roles: admin.");
  }

  @Test
  void anAliasRequiringAMappedUserRefusesOthers() {
    chat.say("u1", "#sec", null, "!secure hi");
    assertThat(awaitRoom("#sec", 1).get(0).text()).isEqualTo("\"secure hi\" (alias testpack.secure) needs a "
        + "mapped chat user; ask an administrator to map memory:u1 under chat.users.");
    chat.say("u-mapped", "#sec2", null, "!secure hi");
    List<OutgoingMessage> sent = awaitRoom("#sec2", 2);
    ackedId(sent.get(0));
    assertThat(sent.get(1).text()).contains("stdout : hi");
  }

  @Test
  void noAckWhenDisabledAndTheAliasCanKeepTheResultOutOfTheThread() {
    chat.say("u1", "#quiet", "t-2", "!quiet psst");
    OutgoingMessage only = awaitRoom("#quiet", 1).get(0);
    assertThat(only.text()).contains("stdout : psst");
    assertThat(only.thread()).isNull();
  }

  @Test
  void statusAndCancelReportTheExecution() {
    chat.say("u1", "#st", null, "!shout x");
    String id = ackedId(awaitRoom("#st", 2).get(0));
    chat.say("u1", "#st", null, "!status " + id);
    assertThat(awaitRoom("#st", 3).get(2).text()).startsWith("Execution " + id + " (testpack.shout) is succeeded, took ");
    chat.say("u-mapped", "#st", null, "!cancel " + id);
    assertThat(awaitRoom("#st", 4).get(3).text()).isEqualTo("Execution " + id + " was started by chatops, not by admin; "
        + "you can cancel only your own executions.");
    chat.say("u1", "#st", null, "!status 0123456789abcdef01234567");
    assertThat(awaitRoom("#st", 5).get(4).text()).isEqualTo("Execution with id \"0123456789abcdef01234567\" not found");
  }

  @Test
  void tooLongCommandsAreRefused() {
    chat.say("u1", "#big", null, "!run " + "x".repeat(5000));
    assertThat(awaitRoom("#big", 1).get(0).text()).isEqualTo("That command is 5004 characters long; the limit is 4000.");
  }

  @Test
  void roomTalkNotAddressedToTheBotIsIgnored() {
    chat.say("u1", "#talk", null, "shout hello");
    chat.say("u1", "#talk", null, "!whoami");
    awaitRoom("#talk", 1);
    assertThat(chat.in("#talk")).hasSize(1);
  }

  @Test
  void aResultDisabledByTheAliasIsNotPosted() {
    chat.say("u1", "#silent", null, "!silent");
    String id = ackedId(awaitRoom("#silent", 1).get(0));
    Execution done = server.squall().executions().await(id, Duration.ofSeconds(30));
    server.squall().bot().deliverResult(done, new SourceContext("memory", "#silent-direct", null, null, null, false, null));
    assertThat(chat.in("#silent-direct")).isEmpty();
  }

  @Test
  void aResultForAnUnknownAdapterIsAnError() {
    chat.say("u1", "#unk", null, "!shout y");
    String id = ackedId(awaitRoom("#unk", 1).get(0));
    Execution done = server.squall().executions().await(id, Duration.ofSeconds(30));
    assertThatThrownBy(() -> server.squall().bot().deliverResult(done, new SourceContext("slack", "#x", null, null, null, false, null)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("No chat adapter named \"slack\"");
  }

  @Test
  void theConsoleTalksToTheBotThroughPipedStreams() throws IOException {
    PipedOutputStream keyboard = new PipedOutputStream();
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    ConsoleAdapter console = new ConsoleAdapter(new PipedInputStream(keyboard),
        new PrintStream(screen, true, StandardCharsets.UTF_8), "operator");
    server.squall().bot().addAdapter(console);
    keyboard.write("shout console\n".getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
    String out = await().atMost(Duration.ofSeconds(30))
        .until(() -> screen.toString(StandardCharsets.UTF_8), s -> s.contains("stdout : CONSOLE"));
    assertThat(out).startsWith("I'm on it! Your execution ID is ").contains("Action testpack.shout completed.");
    assertThat(out).doesNotContain("operator: "); // a direct conversation: no mention prefix
    keyboard.close();
  }

  @Test
  void adapterHealthIsListed() {
    JsonNode adapters = server.get("/api/v1/chat/adapters").json();
    List<String> names = new ArrayList<>();
    adapters.forEach(a -> {
      names.add(a.path("name").asText());
      if (!a.path("name").asText().equals("console")) { // another test ends the console's input
        assertThat(a.path("state").asText()).isEqualTo("connected");
        assertThat(a.path("since").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      }
    });
    assertThat(names).contains("memory", "web");
  }
}
