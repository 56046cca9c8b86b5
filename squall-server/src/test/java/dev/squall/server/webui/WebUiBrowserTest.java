package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in Debian's headless Chromium driven by {@code playwright-core} (the scenarios of
 * {@code src/test/node/webui.js}) against a real server: what a person does with it, each
 * scenario saving screenshots in {@code target/screenshots}.
 */
class WebUiBrowserTest {

  /** Chat commands running over a second get a progress line (the default is 5 s). */
  @RegisterExtension static final RunningSquall squall = new RunningSquall(Map.of(
      "SQUALL_CHAT_PROGRESS_AFTER", "1", "SQUALL_CHAT_PROGRESS_INTERVAL", "1"));
  @TempDir static Path dir;

  private static Browser run(String scenario, Map<String, String> env) throws Exception {
    return Browser.run(scenario, squall.url(), env);
  }

  /** A shell command that prints a line, then waits for {@code flag} before it prints another. */
  private static String waitingCommand(Path flag) {
    return "echo first-line; while [ ! -f " + flag + " ]; do sleep 0.05; done; echo second-line";
  }

  @Test
  void aWrongPasswordSaysSoTheRightOneLogsInAndLogOutReturnsToTheForm() throws Exception {
    try (Browser b = run("login", Map.of())) {
      assertThat(b.next("refused").path("message").asText()).isEqualTo("Wrong username or password.");
      JsonNode in = b.next("logged_in");
      assertThat(in.path("whoami").asText()).isEqualTo("admin");
      assertThat(squall.callWith("X-Auth-Token", in.path("token").asText(), "GET", "/api/v1/user", null).status())
          .as("the page's token is a real one").isEqualTo(200);
      JsonNode out = b.next("logged_out");
      assertThat(out.path("message").asText()).contains("logged out");
      assertThat(out.path("token").isNull()).as("the token left sessionStorage").isTrue();
      b.finish();
    }
  }

  @Test
  void runsCoreLocalFromItsFormShowsTheOutputWhileItRunsAndOpensByItsUrl() throws Exception {
    Path flag = dir.resolve("form-run-may-end");
    try (Browser b = run("runForm", Map.of("COMMAND", waitingCommand(flag)))) {
      JsonNode form = b.next("form");
      assertThat(form.path("cmdRequired").asBoolean()).isTrue();
      assertThat(form.path("sudoEditable").asBoolean()).as("an immutable parameter is not editable").isFalse();
      assertThat(b.next("required").path("error").asText()).isEqualTo("Required");

      JsonNode first = b.next("first_line");
      assertThat(first.path("status").asText()).isEqualTo("running");
      assertThat(first.path("output").asText()).contains("first-line").doesNotContain("second-line");
      String id = first.path("id").asText();
      assertThat(squall.get("/api/v1/executions/" + id).json().at("/parameters/cmd").asText())
          .isEqualTo(waitingCommand(flag));
      Files.createFile(flag);

      JsonNode done = b.next("finished");
      assertThat(done.path("status").asText()).isEqualTo("succeeded");
      assertThat(done.path("result").asText()).contains("second-line");
      JsonNode other = b.next("opened_by_url");
      assertThat(other.path("url").asText()).isEqualTo(squall.url() + "/#/history/" + id + "/general");
      assertThat(other.path("status").asText()).isEqualTo("succeeded");
      assertThat(other.path("output").asText()).contains("first-line", "second-line");
      b.finish();
    }
  }

  @Test
  void theExecutionListShowsANewExecutionAndItsStatusChangesLive() throws Exception {
    Path flag = dir.resolve("listed-run-may-end");
    try (Browser b = run("executionsLive", Map.of("COMMAND", waitingCommand(flag), "ADMIN_TOKEN", squall.adminToken()))) {
      String id = b.next("created").path("id").asText();
      b.next("row_running");
      assertThat(squall.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("running");
      Files.createFile(flag);
      b.next("row_succeeded");
      b.finish();
    }
  }

  @Test
  void filtersByActionAndPagesOverALongHistory() throws Exception {
    for (int i = 0; i < 55; i++) {
      squall.post("/api/v1/executions", Map.of("action", "core.noop", "parameters", Map.of()));
    }
    try (Browser b = run("paging", Map.of())) {
      JsonNode paged = b.next("paged");
      assertThat(paged.path("first").asText()).isEqualTo("1–50 of 55");
      List<String> actions = new ArrayList<>();
      paged.path("actions").forEach(a -> actions.add(a.asText()));
      assertThat(actions).hasSize(50).containsOnly("core.noop");
      assertThat(paged.path("second").asText()).isEqualTo("51–55 of 55");
      assertThat(paged.path("rows").asInt()).isEqualTo(5);
      b.finish();
    }
  }

  @Test
  void cancelsARunningSleepAndReRunsItWithAChangedParameter() throws Exception {
    String id = squall.post("/api/v1/executions", Map.of("action", "core.local",
        "parameters", Map.of("cmd", "sleep 60"))).json().get("id").asText();
    try (Browser b = run("cancelRerun", Map.of("EXECUTION", id))) {
      b.next("canceled");
      assertThat(squall.get("/api/v1/executions/" + id).json().get("status").asText()).isEqualTo("canceled");
      JsonNode rerun = b.next("rerun");
      assertThat(rerun.path("output").asText()).contains("re-run-with-a-change");
      JsonNode again = squall.get("/api/v1/executions/" + rerun.path("id").asText()).json();
      assertThat(again.at("/parameters/cmd").asText()).isEqualTo("echo re-run-with-a-change");
      assertThat(again.at("/context/re-run/ref").asText()).isEqualTo(id);
      b.finish();
    }
  }

  @Test
  void findsAnAliasWithTheTesterAndDisablesARule() throws Exception {
    try (Browser b = run("aliasRule", Map.of())) {
      JsonNode alias = b.next("alias");
      assertThat(alias.path("ref").asText()).isEqualTo("testpack.google");
      assertThat(alias.path("answer").asText()).contains("testpack.search");
      b.next("rule_disabled");
      assertThat(squall.get("/api/v1/rules/testpack.shell_hook").json().get("enabled").asBoolean()).isFalse();
      b.finish();
    } finally {
      squall.call("PUT", "/api/v1/rules/testpack.shell_hook", "{\"enabled\": true}");
    }
  }

  @Test
  void theWebChatAnswersHelpAndRunsAnAliasCommand() throws Exception {
    try (Browser b = run("chat", Map.of())) {
      assertThat(b.next("help").path("text").asText()).contains("greet");
      JsonNode result = b.next("alias_result");
      assertThat(result.path("text").asText()).contains("Greeted");
      assertThat(result.path("who").asText()).isEqualTo("admin");
      b.finish();
    }
  }

  @Test
  void theWebChatShowsOneProgressLineThatIsEditedInPlaceUntilTheCommandEnds() throws Exception {
    try (Browser b = run("chatProgress", Map.of())) {
      assertThat(b.next("progress").path("text").asText()).contains("running for");
      assertThat(b.next("progress_final").path("text").asText()).contains("succeeded after").contains("tick 4");
      JsonNode result = b.next("result");
      assertThat(result.path("text").asText()).contains("tick 4");
      assertThat(result.path("progressLines").asInt()).as("edited in place, not posted again").isEqualTo(1);
      b.finish();
    }
  }

  @Test
  void aTokenLinkLogsInAndAnInvalidTokenReturnsToTheLoginForm() throws Exception {
    try (Browser b = run("tokenLink", Map.of("ADMIN_TOKEN", squall.adminToken()))) {
      assertThat(b.next("linked").path("search").asText()).as("the token leaves the address bar").isEmpty();
      assertThat(b.next("ended").path("message").asText()).contains("Log in again");
      b.finish();
    }
  }

  @Test
  void everyViewRendersAndNoRequestLeavesTheServersOrigin() throws Exception {
    try (Browser b = run("offline", Map.of())) {
      JsonNode requests = b.next("requests");
      assertThat(requests.path("count").asInt()).as("requests seen").isGreaterThan(10);
      assertThat(requests.path("offsite")).as("requests elsewhere than the server").isEmpty();
      List<String> origins = new ArrayList<>();
      requests.path("origins").forEach(o -> origins.add(o.asText()));
      assertThat(origins).containsOnly(squall.url().toString().replaceFirst("/$", ""),
          squall.url().toString().replaceFirst("/$", "").replaceFirst("^http", "ws"));
      b.finish();
    }
  }

  @Test
  void theRunFormShowsSecretsAsPasswordsImmutablesReadOnlyAndErrorsNextToTheirField() throws Exception {
    try (Browser b = run("formErrors", Map.of())) {
      JsonNode pinned = b.next("pinned");
      assertThat(pinned.path("pinType").asText()).as("a secret integer").isEqualTo("password");
      assertThat(pinned.path("cmdEditable").asBoolean()).isFalse();
      assertThat(pinned.path("cmdValue").asText()).isEqualTo("echo pinned");
      assertThat(pinned.path("cmdNote").asText()).contains("immutable");
      assertThat(b.next("client_type_error").path("error").asText()).isEqualTo("Must be an integer");
      JsonNode server = b.next("server_error");
      assertThat(server.path("field").asText()).as("the API's problem with n, next to n").contains("many");
      assertThat(server.path("invalid").asText()).isEqualTo("true");
      assertThat(server.path("form").asText()).isEqualTo("Some parameters are not valid: see each field.");
      b.finish();
    }
  }
}
