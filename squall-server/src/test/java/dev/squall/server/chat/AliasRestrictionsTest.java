package dev.squall.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.squall.chat.Bot;
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
import org.slf4j.LoggerFactory;

/**
 * An alias may name the rooms it works in ({@code extra.squall.rooms}) and the roles that may use
 * it ({@code extra.squall.roles}): refused elsewhere with the reason, left out of help, logged.
 */
class AliasRestrictionsTest {

  static RunningSquall server;
  static MemoryAdapter chat;
  static final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() throws IOException {
    Path home = Files.createTempDirectory("squall-alias-limits-");
    Path pack = Files.createDirectories(home.resolve("packs/roomy/aliases"));
    Files.writeString(pack.resolveSibling("pack.yaml"), "ref: roomy\nname: roomy\nversion: 0.1.0\n"
        + "description: Aliases with room and role limits\nauthor: Squall\n");
    Files.writeString(pack.resolve("ops_shout.yaml"), """
        name: ops_shout
        action_ref: testpack.shout
        description: Shout, in the ops room only.
        formats: ["opsshout {{word}}"]
        extra:
          squall:
            rooms: ["#ops", "memory:#ops-2"]
        """);
    Files.writeString(pack.resolve("lead_shout.yaml"), """
        name: lead_shout
        action_ref: testpack.shout
        description: Shout, for leads.
        formats: ["leadshout {{word}}"]
        extra:
          squall:
            roles: [lead]
        """);
    Files.createDirectories(home.resolve("rbac/assignments"));
    Path roles = Files.createDirectories(home.resolve("rbac/roles"));
    for (String role : List.of("lead", "shouter")) {
      Files.writeString(roles.resolve(role + ".yaml"), "name: " + role + "\npermission_grants:\n"
          + "  - resource_uid: \"pack:testpack\"\n    permission_types: [\"action_execute\"]\n");
    }
    Files.writeString(home.resolve("rbac/assignments/users.yaml"), "username: lea\nroles: [lead]\n");
    Files.writeString(home.resolve("rbac/assignments/sam.yaml"), "username: sam\nroles: [shouter]\n");
    Files.writeString(home.resolve("squall.yaml"), """
        chat:
          users:
            "memory:u-lea": lea
            "memory:u-sam": sam
        """);
    server = RunningSquall.startIn(home, Map.of());
    server.post("/api/v1/users", Map.of("name", "lea"));
    server.post("/api/v1/users", Map.of("name", "sam"));
    chat = new MemoryAdapter(4_000);
    server.squall().bot().addAdapter(chat);
    log.start();
    ((Logger) LoggerFactory.getLogger(Bot.class)).addAppender(log);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(Bot.class)).detachAppender(log);
    server.close();
  }

  static String first(String user, String room, String text) {
    chat.say(user, room, null, text);
    return await().atMost(Duration.ofSeconds(30)).until(() -> chat.in(room), m -> !m.isEmpty()).get(0).text();
  }

  static void awaitText(String room, String text) {
    await().atMost(Duration.ofSeconds(30)).until(() -> chat.in(room).stream()
        .map(OutgoingMessage::text).anyMatch(t -> t != null && t.contains(text)));
  }

  @Test
  void anAliasForOneRoomWorksThereOnlyAndIsListedThereOnly() {
    assertThat(first("u-sam", "#random", "!opsshout hi")).isEqualTo(
        "\"opsshout hi\" (alias roomy.ops_shout) works only in #ops, memory:#ops-2, not here.");
    assertThat(log.list).anyMatch(e -> e.getFormattedMessage().equals(
        "RBAC denied: user \"sam\" chat memory:u-sam room #random needs extra.squall.rooms on action_alias:roomy:ops_shout"));
    chat.say("u-sam", "#ops", null, "!opsshout in ops");
    awaitText("#ops", "IN OPS");
    chat.say("u-sam", "#ops-2", null, "!opsshout in two");
    awaitText("#ops-2", "IN TWO");
    assertThat(first("u-sam", "#random-help", "!help shout")).doesNotContain("opsshout").contains("!shout");
    assertThat(first("u-sam", "#ops-help", "!help shout")).as("#ops-help is another room").doesNotContain("opsshout");
    chat.say("u-sam", "#ops", null, "!help opsshout");
    awaitText("#ops", "!opsshout {{word}} - Shout, in the ops room only.");
  }

  @Test
  void anAliasForOneRoleRefusesOtherRolesAndHidesFromThem() {
    assertThat(first("u-sam", "#sam", "!leadshout hi")).isEqualTo(
        "You may not run \"leadshout hi\" (alias roomy.lead_shout is for the roles lead; sam holds shouter)");
    assertThat(log.list).anyMatch(e -> e.getFormattedMessage().equals(
        "RBAC denied: user \"sam\" chat memory:u-sam room #sam needs extra.squall.roles on action_alias:roomy:lead_shout"));
    assertThat(first("u-sam", "#sam-help", "!help leadshout")).isEqualTo("No command matches \"leadshout\".");
    assertThat(first("u-lea", "#lea-help", "!help leadshout")).contains("!leadshout {{word}} - Shout, for leads.");
    chat.say("u-lea", "#lea", null, "!leadshout lead here");
    awaitText("#lea", "LEAD HERE");
  }
}
