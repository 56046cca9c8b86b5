package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Squall behind a reverse proxy on 127.0.0.1, which it is told to trust. */
class ProxiedLoginTest {

  @RegisterExtension static final RunningSquall squall =
      new RunningSquall(Map.of("SQUALL_SERVER_TRUSTED_PROXIES", "127.0.0.1, ::1"));

  static int login(RunningSquall squall, String user, String password, String forwardedFor)
      throws Exception {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(squall.url().resolve("/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody());
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aStrangerBehindTheProxyCannotLockOutTheAdminBehindItToo() throws Exception {
    List<Integer> stranger = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      stranger.add(login(squall, "admin", "guess", "203.0.113.50"));
    }
    assertThat(stranger).startsWith(401, 401, 401, 401, 401).endsWith(429);
    // the proxy appends the address it saw to what the client sent: the last hop is the truth
    assertThat(login(squall, "admin", "guess", "198.51.100.7, 203.0.113.50")).isEqualTo(429);
    assertThat(login(squall, "admin", RunningSquall.ADMIN_PASSWORD, "203.0.113.50, 198.51.100.7")).isEqualTo(201);
  }
}
