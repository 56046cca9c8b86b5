package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real headless Chromium against a real server: what a person does with it, each
 * test ending with a screenshot in {@code target/screenshots}.
 */
class WebUiBrowserTest {

  /** Chat commands running over a second get a progress line (the default is 5 s). */
  @RegisterExtension static final RunningSquall squall = new RunningSquall(Map.of(
      "SQUALL_CHAT_PROGRESS_AFTER", "1", "SQUALL_CHAT_PROGRESS_INTERVAL", "1"));
  @TempDir static Path dir;
  private static Chromium chromium;

  @BeforeAll
  static void browser() throws IOException {
    chromium = Chromium.start(dir);
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  private static BrowserPage open(String hash) {
    return chromium.open(squall.url().resolve("/" + hash));
  }

  private static void logIn(BrowserPage page, String user, String password) {
    page.waitFor("document.getElementById('password')", "the login form");
    page.type("Username", user);
    page.type("Password", password);
    page.press("Log in");
  }

  private static BrowserPage loggedIn(String hash) {
    BrowserPage page = open(hash);
    logIn(page, "admin", RunningSquall.ADMIN_PASSWORD);
    page.waitFor("!document.getElementById('top').hidden", "the logged-in header");
    return page;
  }

  /** A shell command that prints a line, then waits for {@code flag} before it prints another. */
  private static String waitingCommand(Path flag) {
    return "echo first-line; while [ ! -f " + flag + " ]; do sleep 0.05; done; echo second-line";
  }

  @Test
  void aWrongPasswordSaysSoTheRightOneLogsInAndLogOutReturnsToTheForm(TestInfo test) {
    try (BrowserPage page = open("")) {
      logIn(page, "admin", "not-the-password");
      page.waitFor("document.getElementById('login-error').textContent.includes('Wrong username or password')",
          "the wrong-password message");
      page.screenshot("login-wrong-password");

      logIn(page, "admin", RunningSquall.ADMIN_PASSWORD);
      page.waitFor("document.getElementById('executions')", "the executions page");
      assertThat(page.text("#whoami")).isEqualTo("admin");
      assertThat(page.eval("sessionStorage.getItem('squall-token')").asText()).isNotBlank();

      page.press("Log out");
      page.waitFor("document.getElementById('password')", "the login form again");
      assertThat(page.text("#login-error")).contains("logged out");
      assertThat(page.eval("sessionStorage.getItem('squall-token')").isNull()).isTrue();
      page.screenshot(test.getTestMethod().orElseThrow().getName());
    }
  }

  @Test
  void runsCoreLocalFromItsFormAndShowsTheOutputWhileItRuns(TestInfo test) throws IOException {
    Path flag = dir.resolve("form-run-may-end");
    try (BrowserPage page = loggedIn("#/actions/core.local")) {
      page.waitFor("document.getElementById('run-form')", "the run form of core.local");
      assertThat(page.eval("document.getElementById('param-cmd').required").asBoolean()).isTrue();
      assertThat(page.eval("document.getElementById('param-sudo').disabled").asBoolean())
          .as("an immutable parameter is shown but not editable").isTrue();
      page.press("Run");
      page.waitFor("document.getElementById('err-cmd').textContent === 'Required'", "the required field's error");

      page.type("cmd", waitingCommand(flag));
      page.press("Run");
      page.waitFor("location.hash.startsWith('#/history/')", "the new execution's page");
      page.waitFor("document.getElementById('output').textContent.includes('first-line')", "the first output line");
      assertThat(page.text("#execution-status")).isEqualTo("running");
      assertThat(page.text("#output")).doesNotContain("second-line");
      page.screenshot("execution-running");

      Files.createFile(flag);
      page.waitFor("document.getElementById('output').textContent.includes('second-line')", "the second output line");
      page.waitFor("document.getElementById('execution-status').textContent === 'succeeded'", "the status succeeded");
      assertThat(page.text("#result")).contains("first-line");
      page.screenshot("execution-page");
    }
  }

  @Test
  void theExecutionListUpdatesLiveAndAnExecutionOpensByItsUrlInANewPage() throws IOException {
    Path flag = dir.resolve("listed-run-may-end");
    try (BrowserPage list = loggedIn("#/history")) {
      list.waitFor("document.getElementById('executions')", "the executions page");
      String id = squall.post("/api/v1/executions", Map.of("action", "core.local",
          "parameters", Map.of("cmd", waitingCommand(flag)))).json().get("id").asText();
      String row = "document.querySelector('#executions tr[data-id=\"" + id + "\"] [data-status]')";
      list.waitFor(row + " && " + row + ".dataset.status === 'running'", "the new execution, running");
      Files.createFile(flag);
      list.waitFor(row + ".dataset.status === 'succeeded'", "the execution's status change");
      list.screenshot("executions-page");

      String url = squall.get("/api/v1/executions/" + id).json().get("web_url").asText();
      try (BrowserPage other = chromium.open(URI.create(url))) {
        logIn(other, "admin", RunningSquall.ADMIN_PASSWORD);
        other.waitFor("document.getElementById('output') && document.getElementById('output').textContent.includes('second-line')",
            "the execution opened by its URL");
        assertThat(other.text("#execution-status")).isEqualTo("succeeded");
      }
    }
  }

  @Test
  void filtersByActionAndPagesOverALongHistory() {
    for (int i = 0; i < 55; i++) {
      squall.post("/api/v1/executions", Map.of("action", "core.noop", "parameters", Map.of()));
    }
    try (BrowserPage page = loggedIn("#/history")) {
      page.waitFor("document.getElementById('executions')", "the executions page");
      page.type("Action", "core.noop");
      page.press("Filter");
      page.waitFor("document.getElementById('executions-total') && document.getElementById('executions-total').textContent === '1–50 of 55'",
          "the first page of core.noop");
      assertThat(page.eval("[...document.querySelectorAll('#executions tbody tr a')].every(a => a.textContent === 'core.noop')")
          .asBoolean()).isTrue();
      page.eval("document.querySelector('a[rel=next]').click()");
      page.waitFor("document.getElementById('executions-total') && document.getElementById('executions-total').textContent === '51–55 of 55'",
          "the second page");
      assertThat(page.eval("document.querySelectorAll('#executions tbody tr').length").asInt()).isEqualTo(5);
      page.screenshot("executions-second-page");
    }
  }

  @Test
  void cancelsARunningSleepAndReRunsItWithAChangedParameter() {
    String id = squall.post("/api/v1/executions", Map.of("action", "core.local",
        "parameters", Map.of("cmd", "sleep 60"))).json().get("id").asText();
    try (BrowserPage page = loggedIn("#/history/" + id + "/general")) {
      page.waitFor("document.getElementById('execution-status').textContent === 'running'", "the sleep running");
      page.press("Cancel");
      page.waitFor("document.getElementById('execution-status').textContent === 'canceled'", "the sleep canceled");

      page.press("Re-run…");
      page.waitFor("document.getElementById('param-cmd') && document.getElementById('param-cmd').value === 'sleep 60'",
          "the re-run form with the original parameters");
      page.type("cmd", "echo re-run-with-a-change");
      page.press("Re-run");
      page.waitFor("location.hash.startsWith('#/history/') && !location.hash.includes('" + id + "')", "the re-run's page");
      page.waitFor("document.getElementById('execution-status').textContent === 'succeeded'", "the re-run succeeded");
      page.waitFor("document.getElementById('output').textContent.includes('re-run-with-a-change')", "the re-run's output");
      page.screenshot("re-run");
    }
  }

  @Test
  void findsAnAliasWithTheTesterAndDisablesARule() {
    try (BrowserPage page = loggedIn("#/aliases")) {
      page.waitFor("document.getElementById('alias-command')", "the alias tester");
      page.type("Command", "google squall and return 3 results");
      page.press("Test");
      page.waitFor("document.querySelector('#alias-answer .alias-ref')", "the matched alias");
      assertThat(page.text("#alias-answer .alias-ref")).isEqualTo("testpack.google");
      assertThat(page.text("#alias-answer")).contains("testpack.search");
      page.screenshot("alias-tester");

      page.go(squall.url().resolve("/#/rules"));
      page.waitFor("document.querySelector('#rules tr[data-ref=\"testpack.shell_hook\"]')", "the rules");
      page.eval("document.querySelector('#rules tr[data-ref=\"testpack.shell_hook\"] button').click()");
      page.waitFor("document.querySelector('#rules tr[data-ref=\"testpack.shell_hook\"] .rule-enabled').textContent === 'no'",
          "the rule disabled");
      assertThat(squall.get("/api/v1/rules/testpack.shell_hook").json().get("enabled").asBoolean()).isFalse();
      page.screenshot("rules");
      squall.call("PUT", "/api/v1/rules/testpack.shell_hook", "{\"enabled\": true}");
    }
  }

  @Test
  void theWebChatAnswersHelpAndRunsAnAliasCommand() {
    try (BrowserPage page = loggedIn("#/chat")) {
      page.waitFor("document.getElementById('chat-state').textContent === 'connected'", "the chat connected");
      page.type("Message", "!help");
      page.press("Send");
      page.waitFor("[...document.querySelectorAll('#chat-log li.plain')].some(li => li.textContent.includes('greet'))",
          "the help listing the greet alias");
      page.type("Message", "!greet web");
      page.press("Send");
      page.waitFor("[...document.querySelectorAll('#chat-log li.result')].some(li => li.textContent.includes('Greeted'))",
          "the greet result");
      assertThat(page.eval("document.querySelector('#chat-log li.mine .who').textContent").asText()).isEqualTo("admin");
      page.screenshot("chat");
    }
  }

  @Test
  void theWebChatShowsOneProgressLineThatIsEditedInPlaceUntilTheCommandEnds() {
    try (BrowserPage page = loggedIn("#/chat")) {
      page.waitFor("document.getElementById('chat-state').textContent === 'connected'", "the chat connected");
      page.type("Message", "!run for i in 1 2 3 4; do echo tick $i; sleep 1; done");
      page.press("Send");
      page.waitFor("[...document.querySelectorAll('#chat-log li.progress')].some(li => li.textContent.includes('running for'))",
          "the progress line");
      page.waitFor("[...document.querySelectorAll('#chat-log li.progress')].some(li => li.textContent.includes('succeeded after')"
          + " && li.textContent.includes('tick 4'))", "the progress line showing the final status");
      page.waitFor("[...document.querySelectorAll('#chat-log li.result')].some(li => li.textContent.includes('tick 4'))",
          "the result");
      assertThat(page.eval("document.querySelectorAll('#chat-log li.progress').length").asInt())
          .as("edited in place, not posted again").isEqualTo(1);
      page.screenshot("chat-progress");
    }
  }

  @Test
  void aTokenLinkLogsInAndAnInvalidTokenReturnsToTheLoginForm() {
    try (BrowserPage page = open("?token=" + squall.adminToken() + "#/packs")) {
      page.waitFor("document.querySelector('main h1') && document.querySelector('main h1').textContent === 'Packs'",
          "the packs page, logged in by the link");
      assertThat(page.eval("location.search").asText()).as("the token leaves the address bar").isEmpty();
    }
    try (BrowserPage page = open("?token=no-such-token#/history")) {
      page.waitFor("document.getElementById('login-error') && document.getElementById('login-error').textContent.includes('Log in again')",
          "the login form saying the session ended");
      page.screenshot("session-ended");
    }
  }

  @Test
  void aNonAdministratorSeesNoUsersPage() {
    squall.post("/api/v1/users", Map.of("name", "viewer", "password", "viewer-password"));
    try (BrowserPage page = open("#/users")) {
      logIn(page, "viewer", "viewer-password");
      page.waitFor("document.getElementById('whoami').textContent === 'viewer'", "the viewer logged in");
      assertThat(page.eval("document.getElementById('nav-users').hidden").asBoolean()).isTrue();
      page.waitFor("document.querySelector('main').textContent.includes('Only administrators see users')",
          "the users page refused");
      page.screenshot("non-admin-users");
    }
  }

  @Test
  void everyViewRendersAndNoRequestLeavesTheServersOrigin() {
    try (BrowserPage page = loggedIn("#/history")) {
      for (String view : new String[] {"history", "actions", "packs", "rules", "aliases", "triggers", "keys", "users", "chat"}) {
        page.go(squall.url().resolve("/#/" + view));
        page.waitFor("document.querySelector('main h1') && document.querySelector('main h1').textContent !== 'Error'"
            + " && !document.querySelector('main').textContent.includes('Loading…')", "the " + view + " view");
        page.screenshot("view-" + view);
      }
      String origin = squall.url().toString();
      String ws = origin.replaceFirst("^http", "ws");
      assertThat(page.requests()).isNotEmpty()
          .allSatisfy(url -> assertThat(url.startsWith(origin) || url.startsWith(ws) || url.startsWith("data:"))
              .as(url).isTrue());
      assertThat(page.scriptErrors()).isEmpty();
    }
  }
}
