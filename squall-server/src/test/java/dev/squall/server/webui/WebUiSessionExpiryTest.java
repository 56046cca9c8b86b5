package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The UI's session lasts as long as its token (here 3 s), then the login form comes back. */
class WebUiSessionExpiryTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall(Map.of("SQUALL_AUTH_TOKEN_TTL", "3"));
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

  @Test
  void thePageReturnsToTheLoginFormWhenTheTokenExpires() {
    try (BrowserPage page = chromium.open(squall.url().resolve("/#/packs"))) {
      page.waitFor("document.getElementById('password')", "the login form");
      page.type("Username", "admin");
      page.type("Password", RunningSquall.ADMIN_PASSWORD);
      page.press("Log in");
      page.waitFor("!document.getElementById('top').hidden", "the logged-in page");
      page.waitFor("document.getElementById('login-error') && document.getElementById('login-error').textContent.includes('expired')",
          "the login form after the token expired");
      assertThat(page.eval("sessionStorage.getItem('squall-token')").isNull()).isTrue();
      page.screenshot("session-expired");
    }
  }
}
