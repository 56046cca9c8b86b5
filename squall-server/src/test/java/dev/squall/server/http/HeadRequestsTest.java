package dev.squall.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeadRequestsTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  private static List<String> concretePaths() {
    return squall.squall().api().getPaths().stream()
        .map(p -> p.replaceAll("\\{[^}]+}|<[^>]+>", "x")).toList();
  }

  @Test
  void everyGetRouteRefusesAnAnonymousHead() {
    List<String> paths = concretePaths();
    assertThat(paths).contains("/api/v1/executions", "/v1/actions/x", "/stream/v1/stream", "/api/v1/stream");
    for (String path : paths) {
      assertThat(squall.callWith(null, null, "HEAD", path, null).status()).as("HEAD " + path).isEqualTo(401);
    }
  }

  @Test
  void anAuthenticatedHeadIsAnsweredWithoutABody() {
    var r = squall.callWith("X-Auth-Token", squall.adminToken(), "HEAD", "/api/v1/executions", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    var stream = squall.callWith("X-Auth-Token", squall.adminToken(), "HEAD", "/stream/v1/stream", null);
    assertThat(stream.status()).isEqualTo(200);
  }
}
