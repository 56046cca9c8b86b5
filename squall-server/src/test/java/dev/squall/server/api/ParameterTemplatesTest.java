package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.squall.server.RunningSquall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** StackStorm's parameter templating with pack configs, through the API. */
class ParameterTemplatesTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  @Test
  void aCommandBuiltFromTwoParametersAndThePackConfigRunsQuoted() {
    assertThat(squall.call("PUT", "/api/v1/configs/testpack",
        "{\"api_url\": \"https://squall.test/api\", \"api_token\": \"tok-123\"}").status()).isEqualTo(200);
    Path pwned = squall.home().resolve("pwned");
    JsonNode e = squall.runToEnd("testpack.announce",
        Map.of("greeting", "hi; touch " + pwned, "target", "$(touch " + pwned + ")"));
    assertThat(e.get("status").asText()).isEqualTo("succeeded");
    assertThat(e.at("/result/stdout").asText())
        .isEqualTo("hi; touch " + pwned + " $(touch " + pwned + ") at https://squall.test/api");
    assertThat(Files.exists(pwned)).isFalse();
  }

  @Test
  void aCycleBetweenDefaultsIsRejectedNamingBoth() {
    var r = squall.post("/api/v1/executions", Map.of("action", "testpack.cyclic", "parameters", Map.of()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fault()).contains("first").contains("second").contains("Cyclic dependency");
  }

  @Test
  void packConfigsAreValidatedAndTheirSecretsMasked() {
    var bad = squall.call("PUT", "/api/v1/configs/testpack", "{\"retries\": \"many\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fault()).contains("retries");
    squall.call("PUT", "/api/v1/configs/testpack", "{\"api_token\": \"tok-456\"}");
    var shown = squall.get("/api/v1/configs/testpack");
    assertThat(shown.body()).doesNotContain("tok-456").contains("********");
    assertThat(shown.json().at("/values/retries").asInt()).isEqualTo(3);
    assertThat(squall.get("/api/v1/configs/testpack?show_secrets=true").json().at("/values/api_token").asText())
        .isEqualTo("tok-456");
    assertThat(squall.get("/api/v1/configs/nopack").status()).isEqualTo(404);
  }
}
