package dev.squall.chat.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack user ids ({@code U0ALICE}) to the names people know (their handle), looked up with
 * {@code users.info} and cached, so only a user's first message in an hour costs a request.
 *
 * <p>A lookup that fails (no {@code users:read} scope, rate limited, Slack unreachable) falls back
 * to the id and is remembered for a minute: a name is a courtesy, never a reason to delay or drop a
 * command, so there is no retrying here.
 */
final class SlackUsers {

  private static final Logger log = LoggerFactory.getLogger(SlackUsers.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration KNOWN = Duration.ofHours(1);
  private static final Duration UNKNOWN = Duration.ofMinutes(1);
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);
  private static final int REMEMBERED = 10_000;

  private record Known(String name, Instant until) {}

  private final HttpClient http;
  private final URI apiUrl;
  private final String botToken;
  private final Clock clock;
  private final Map<String, Known> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
      return size() > REMEMBERED;
    }
  };

  SlackUsers(HttpClient http, URI apiUrl, String botToken, Clock clock) {
    this.http = http;
    this.apiUrl = apiUrl;
    this.botToken = botToken;
    this.clock = clock;
  }

  /** The user's handle, or the id itself when Slack will not say. */
  String name(String userId) {
    Instant now = clock.instant();
    synchronized (cache) {
      Known known = cache.get(userId);
      if (known != null && known.until().isAfter(now)) {
        return known.name();
      }
    }
    String name = lookUp(userId);
    synchronized (cache) {
      cache.put(userId, new Known(name == null ? userId : name, now.plus(name == null ? UNKNOWN : KNOWN)));
    }
    return name == null ? userId : name;
  }

  private String lookUp(String userId) {
    HttpRequest request = HttpRequest.newBuilder(
            apiUrl.resolve("users.info?user=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)))
        .timeout(LOOKUP_TIMEOUT)
        .header("Authorization", "Bearer " + botToken)
        .GET()
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode reply = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
      if (reply == null || !reply.path("ok").asBoolean()) {
        log.debug("Slack users.info {}: HTTP {} {}", userId, response.statusCode(),
            reply == null ? "" : reply.path("error").asText());
        return null;
      }
      JsonNode user = reply.path("user");
      for (String field : new String[] {"name", "profile.display_name", "real_name"}) {
        JsonNode value = field.startsWith("profile.") ? user.path("profile").path(field.substring(8)) : user.path(field);
        if (!value.asText("").isBlank()) {
          return value.asText();
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.io.IOException e) {
      log.debug("Slack users.info {} failed: {}", userId, e.toString());
      return null;
    }
  }
}
