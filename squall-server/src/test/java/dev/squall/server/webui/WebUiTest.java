package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web UI's files over HTTP, without a browser. */
class WebUiTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void theRootServesTheUiPageWithoutCredentials() {
    RunningSquall.Response page = squall.callWith(null, null, "GET", "/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "connect-src 'self'");
  }

  @Test
  void scriptsAndStylesAreServedWithTheirTypes() {
    RunningSquall.Response js = squall.callWith(null, null, "GET", "/ui/app.js", null);
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).startsWith("text/javascript");
    assertThat(js.body()).contains("/auth/v1/tokens");
    assertThat(squall.callWith(null, null, "GET", "/ui/style.css", null).header("Content-Type")).startsWith("text/css");
  }

  @Test
  void unknownFilesAndPathsOutsideTheUiAreNotFound() {
    for (String path : new String[] {"/ui/nope.js", "/ui/..%2FWebUi.class", "/ui/WebUi.class", "/ui/.hidden.js"}) {
      RunningSquall.Response r = squall.callWith(null, null, "GET", path, null);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.fault()).as(path).isEqualTo("The resource could not be found.");
    }
  }
}
