package dev.squall.server.chatlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.squall.chat.MemoryAdapter;
import dev.squall.chat.OutgoingMessage;
import dev.squall.server.RunningSquall;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code !link}: the bot sends a one-time URL in a direct message only; logging in on that page
 * links the chat identity that asked, once; {@code !whoami} then shows the link and the roles.
 */
class LinkPageTest {

  @RegisterExtension static final RunningSquall server = new RunningSquall();
  static MemoryAdapter chat;

  @BeforeAll
  static void start() {
    assertThat(server.post("/api/v1/users", Map.of("name", "dora", "password", "dora-pw", "roles",
        List.of("observer"))).status()).isEqualTo(201);
    chat = new MemoryAdapter(4_000);
    server.squall().bot().addAdapter(chat);
  }

  static List<OutgoingMessage> awaitRoom(String room, int count) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> chat.in(room), m -> m.size() >= count);
  }

  @Test
  void linkingInChatThenLoggingInOnThePageMakesTheIdentityRunAsTheUser() {
    chat.say("u-dora", "#ops", null, "!link");
    assertThat(awaitRoom("#ops", 1).get(0).text()).isEqualTo("I sent you a direct message with your link.")
        .doesNotContain("/link/");
    String dm = awaitRoom("dm:u-dora", 1).get(0).text();
    assertThat(dm).contains("within 10 minutes").contains("memory:u-dora");
    URI page = LinkForm.urlIn(dm);

    HttpResponse<String> form = LinkForm.open(page);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("<form method=\"post\"").contains("memory:u-dora");
    assertThat(form.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(form.headers().firstValue("Referrer-Policy")).contains("no-referrer");

    HttpResponse<String> wrong = LinkForm.logIn(page, "dora", "not-her-password");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("<form");
    assertThat(server.squall().bot().identify("memory", "u-dora", "u-dora-name").squallUser())
        .as("a wrong password links nothing").isEqualTo("chatops");

    HttpResponse<String> ok = LinkForm.logIn(page, "dora", "dora-pw");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("memory:u-dora now runs as Squall user <b>dora</b>");

    chat.say("u-dora", "#who", null, "!whoami");
    assertThat(awaitRoom("#who", 1).get(0).text()).isEqualTo(
        "You are u-dora-name (memory:u-dora), running as Squall user dora (linked); roles: observer.");
    assertThat(server.get("/api/v1/users/dora/links").json().get(0).path("identity").asText())
        .isEqualTo("memory:u-dora");

    assertThat(LinkForm.open(page).statusCode()).as("used once").isEqualTo(404);
    assertThat(LinkForm.logIn(page, "admin", RunningSquall.ADMIN_PASSWORD).statusCode()).isEqualTo(404);
    assertThat(server.squall().bot().identify("memory", "u-dora", "u-dora-name").squallUser()).isEqualTo("dora");
  }

  @Test
  void aLinkAskedForInADirectMessageIsAnsweredThere() {
    chat.say("u-dm", "dm:u-dm", null, true, "!link");
    assertThat(awaitRoom("dm:u-dm", 1).get(0).text()).contains("/link/");
  }

  @Test
  void anUnknownTokenShowsThatTheLinkIsNotValid() {
    HttpResponse<String> r = LinkForm.open(server.url().resolve("/link/" + "ab".repeat(32)));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("not valid").contains("!link");
  }
}
