package dev.squall.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bot's access token for the Bot Connector: OAuth2 client credentials against the token
 * endpoint, kept until five minutes before it expires (or half its life, if that is shorter).
 */
final class AccessToken {

  static final String SCOPE = "https://api.botframework.com/.default";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MARGIN = Duration.ofMinutes(5);

  private final HttpClient http;
  private final URI tokenUrl;
  private final String form;
  private String token; // guarded by this
  private Instant renewAt = Instant.EPOCH; // guarded by this

  AccessToken(HttpClient http, URI tokenUrl, String appId, String appPassword) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.form = Map.of("grant_type", "client_credentials", "client_id", appId, "client_secret", appPassword,
        "scope", SCOPE).entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The cached token, or a new one when it is (nearly) expired. */
  synchronized String get() throws IOException, InterruptedException {
    if (token == null || !Instant.now().isBefore(renewAt)) {
      fetch();
    }
    return token;
  }

  /** Forgets the token, e.g. after the connector refused it. */
  synchronized void invalidate() {
    token = null;
  }

  private void fetch() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = JSON.createObjectNode();
    }
    if (response.statusCode() != 200 || body.path("access_token").asText("").isEmpty()) {
      // error_description explains a wrong secret or app id (AADSTS…); never the secret itself.
      throw new IOException("token endpoint " + tokenUrl + " answered " + response.statusCode() + " "
          + body.path("error").asText("") + " " + body.path("error_description").asText("").lines().findFirst().orElse(""));
    }
    long lifetime = Math.max(0, body.path("expires_in").asLong(3600));
    Duration keep = Duration.ofSeconds(lifetime).minus(MARGIN);
    if (keep.compareTo(Duration.ofSeconds(lifetime / 2)) < 0) {
      keep = Duration.ofSeconds(lifetime / 2);
    }
    token = body.path("access_token").asText();
    renewAt = Instant.now().plus(keep);
  }
}
