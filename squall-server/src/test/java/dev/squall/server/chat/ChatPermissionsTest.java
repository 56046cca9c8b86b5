package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.MemoryAdapter;
import dev.squall.chat.OutgoingMessage;
import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bot runs a chat user's command as the Squall user it is mapped to, with the API's check:
 * an unmapped user runs as the default chat user, which holds no role and may run nothing.
 */
class ChatPermissionsTest {

  static RunningSquall server;
  static MemoryAdapter chat;

  @BeforeAll
  static void start() throws IOException {
    Path home = Files.createTempDirectory("squall-chat-rbac-");
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.writeString(home.resolve("rbac/roles/shouter.yaml"), """
        name: shouter
        permission_grants:
          - resource_uid: "action:testpack:shout"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/sam.yaml"), "username: sam\nroles: [shouter]\n");
    Files.writeString(home.resolve("squall.yaml"), """
        chat:
          users:
            "memory:u-sam": sam
        """);
    server = RunningSquall.startIn(home, Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false"));
    server.post("/api/v1/users", Map.of("name", "sam"));
    chat = new MemoryAdapter(4_000);
    server.squall().bot().addAdapter(chat);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<OutgoingMessage> awaitRoom(String room, int count) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> chat.in(room), m -> m.size() >= count);
  }

  static String help(String user, String room) {
    chat.say(user, room, null, "!help");
    return String.join("\n", awaitRoom(room, 1).stream().map(OutgoingMessage::text).toList());
  }

  @Test
  void anUnmappedUsersHelpListsNoAliasAndItsCommandRunsNothing() {
    String help = help("u-stranger", "#stranger-help");
    assertThat(help).contains("!help [filter]").doesNotContain("!shout").doesNotContain("!greet");
    int before = server.get("/api/v1/executions?limit=1000").json().size();
    chat.say("u-stranger", "#stranger", null, "!shout hello");
    assertThat(awaitRoom("#stranger", 1).get(0).text())
        .isEqualTo("You may not run \"shout hello\" (needs action_execute on testpack.shout)");
    assertThat(server.get("/api/v1/executions?limit=1000").json().size()).isEqualTo(before);
  }

  @Test
  void aMappedUserRunsWhatItsRoleAllowsAndIsRefusedTheRest() {
    String help = help("u-sam", "#sam-help");
    assertThat(help).contains("!shout {{word}}").doesNotContain("!greet");
    chat.say("u-sam", "#sam", null, "!shout hello");
    await().atMost(Duration.ofSeconds(30)).until(() -> chat.in("#sam").stream()
        .anyMatch(m -> m.text() != null && m.text().contains("HELLO")));
    var runs = server.get("/api/v1/executions?action=testpack.shout").json();
    assertThat(runs.get(0).at("/context/user").asText()).isEqualTo("sam");
    chat.say("u-sam", "#sam-greet", null, "!greet Bob");
    assertThat(awaitRoom("#sam-greet", 1).get(0).text())
        .isEqualTo("You may not run \"greet Bob\" (needs action_execute on core.echo)");
  }
}
