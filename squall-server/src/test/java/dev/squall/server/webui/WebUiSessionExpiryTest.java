package dev.squall.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UI's session lasts as long as its token (here 3 s), then the login form comes back. */
class WebUiSessionExpiryTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall(Map.of("SQUALL_AUTH_TOKEN_TTL", "3"));

  @Test
  void thePageReturnsToTheLoginFormWhenTheTokenExpires() throws Exception {
    try (Browser b = Browser.run("expiry", squall.url(), Map.of())) {
      b.next("logged_in");
      JsonNode expired = b.next("expired");
      assertThat(expired.path("message").asText()).contains("expired");
      assertThat(expired.path("token").isNull()).as("the token left sessionStorage").isTrue();
      b.finish();
    }
  }
}
