package dev.squall.server.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.chat.Bot;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasFormat;
import dev.squall.core.alias.MatchOutcome;
import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The web chat runs each command as its logged-in user with the API's check: every web chat
 * command (every enabled alias, by a command built from its format, and the built-ins) ×
 * {observer, a role with one grant, admin}. A new alias in the test packs is in the matrix at once.
 */
class WebChatPermissionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUSED = "You may not run";

  static RunningSquall squall;
  static Map<String, String> tokens;
  static String adminShout;
  static final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() throws IOException {
    Path home = Files.createTempDirectory("squall-webchat-rbac-");
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.writeString(home.resolve("rbac/roles/testpack_runner.yaml"), """
        name: testpack_runner
        permission_grants:
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute"]
        """);
    squall = RunningSquall.startIn(home, Map.of());
    squall.post("/api/v1/users", Map.of("name", "olive", "password", "olive-pw", "roles", List.of("observer")));
    squall.post("/api/v1/users", Map.of("name", "tess", "password", "tess-pw", "roles", List.of("testpack_runner")));
    tokens = new LinkedHashMap<>();
    tokens.put("observer", squall.login("olive", "olive-pw").json().get("token").asText());
    tokens.put("one_grant", squall.login("tess", "tess-pw").json().get("token").asText());
    tokens.put("admin", squall.adminToken());
    adminShout = squall.runToEnd("testpack.shout", Map.of("word", "hi")).get("id").asText();
    log.start();
    ((Logger) LoggerFactory.getLogger(Bot.class)).addAppender(log);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(Bot.class)).detachAppender(log);
    squall.close();
  }

  /** The first answer to one command, on a connection of its own (a room of its own). */
  static String firstAnswer(String who, String command) {
    List<String> frames = new CopyOnWriteArrayList<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + squall.squall().port() + "/chat/ws?x-auth-token=" + tokens.get(who)),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                frames.add(data.toString());
                w.request(1);
                return null;
              }
            }).join();
    try {
      ws.sendText(JSON.createObjectNode().put("text", "!" + command).toString(), true).join();
      String frame = await(who + ": " + command).atMost(Duration.ofSeconds(30)).until(() -> frames.isEmpty() ? null
          : frames.get(0), f -> f != null);
      return JSON.readTree(frame).path("text").asText();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** A command for each enabled alias that the matcher resolves to that alias alone. */
  static Map<String, ActionAlias> aliasCommands() {
    Map<String, ActionAlias> out = new LinkedHashMap<>();
    for (ActionAlias a : squall.squall().aliases().all().stream().filter(ActionAlias::enabled).toList()) {
      for (AliasFormat f : a.formats()) {
        for (String rep : f.representations()) {
          String cmd = rep.replaceAll("\\{\\{[^}]*}}", "7").strip();
          if (squall.squall().aliases().matcher().outcome(cmd) instanceof MatchOutcome.Matched m
              && m.match().alias().ref().equals(a.ref()) && !out.containsValue(a)) {
            out.put(cmd, a);
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyAliasAnswersEachRoleAsItsGrantsSay() {
    Map<String, ActionAlias> commands = aliasCommands();
    assertThat(commands.values()).extracting(ActionAlias::ref)
        .contains("testpack.shout", "testpack.greet", "testpack.run", "testpack.secure");
    List<String> wrong = new ArrayList<>();
    commands.forEach((cmd, alias) -> {
      boolean inTestpack = alias.actionRef().startsWith("testpack.");
      Map<String, Boolean> mayRun = Map.of("observer", false, "one_grant", inTestpack, "admin", true);
      mayRun.forEach((who, may) -> {
        String answer = firstAnswer(who, cmd);
        String expected = may ? "not refused" : "You may not run \"" + cmd + "\" (needs action_execute on "
            + alias.actionRef() + ")";
        if (may ? answer.startsWith(REFUSED) : !answer.equals(expected)) {
          wrong.add(who + " \"" + cmd + "\": expected " + expected + ", got " + answer);
        }
      });
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyBuiltinAnswersEachRole() {
    for (String who : tokens.keySet()) {
      assertThat(firstAnswer(who, "help")).as(who).contains("!help [filter]");
      assertThat(firstAnswer(who, "whoami")).as(who).contains("(logged in)");
      assertThat(firstAnswer(who, "link")).as(who).contains("there is nothing to link");
    }
    assertThat(firstAnswer("admin", "status " + adminShout)).startsWith("Execution " + adminShout + " (testpack.shout)");
    assertThat(firstAnswer("observer", "status " + adminShout)).startsWith("Execution " + adminShout);
    assertThat(firstAnswer("one_grant", "status " + adminShout)).startsWith("Execution " + adminShout);
    String coreRun = squall.runToEnd("core.noop", Map.of()).get("id").asText();
    assertThat(firstAnswer("one_grant", "status " + coreRun)).isEqualTo("You may not see execution " + coreRun
        + " (needs execution_view on it, or action_view on core.noop)");
    assertThat(firstAnswer("observer", "cancel " + adminShout)).contains("you can cancel only your own executions");
    assertThat(firstAnswer("one_grant", "cancel " + adminShout)).contains("you can cancel only your own executions");
    assertThat(firstAnswer("admin", "cancel " + adminShout)).startsWith("Execution " + adminShout);
  }

  @Test
  void everyDenialIsLoggedWithUserChatIdentityRoomPermissionAndResource() {
    firstAnswer("observer", "shout 7");
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).anyMatch(l -> l.matches(
        "RBAC denied: user \"olive\" chat web:olive room \\S+ needs action_execute on action:testpack:shout"));
  }
}
