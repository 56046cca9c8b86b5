package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The CLI's HTTP client for Squall's StackStorm-compatible API. Credentials come from the
 * environment ({@code SQUALL_API_KEY}, {@code SQUALL_AUTH_TOKEN}) or the token file that
 * {@code squall start} and {@code squall login} write.
 */
public final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final String apiKey;
  private final HttpClient http;

  public ApiClient(URI base, String token, String apiKey) {
    this.base = base;
    this.token = token;
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI base() {
    return base;
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  public JsonNode post(String path, Object body) {
    return send(request(path).POST(jsonBody(body)).header("Content-Type", "application/json"));
  }

  /** A POST that may take long on the server (pip installing a pack's requirements). */
  public JsonNode post(String path, Object body, Duration timeout) {
    return send(request(path).timeout(timeout).POST(jsonBody(body))
        .header("Content-Type", "application/json"));
  }

  public JsonNode put(String path, Object body) {
    return send(request(path).PUT(jsonBody(body)).header("Content-Type", "application/json"));
  }

  public JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  /** A DELETE with a body (StackStorm's {@code remove_files} of an action). */
  public JsonNode delete(String path, Object body) {
    return send(request(path).method("DELETE", jsonBody(body)).header("Content-Type", "application/json"));
  }

  /** A GET whose answer is text (execution output), not JSON. */
  public String getText(String path) {
    return sendRaw(request(path).GET()).body();
  }

  /** Logs in with a password; returns the token response. No stored credential is used. */
  public JsonNode login(String user, String password, Integer ttlSeconds) {
    String basic = java.util.Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/auth/v1/tokens"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/json")
        .POST(jsonBody(ttlSeconds == null ? Map.of() : Map.of("ttl", ttlSeconds)));
    return send(b);
  }

  public static String query(Map<String, ?> params) {
    StringJoiner j = new StringJoiner("&", "?", "");
    j.setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null) {
        j.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
      }
    });
    return j.toString();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (apiKey != null) {
      b.header("St2-Api-Key", apiKey);
    } else if (token != null) {
      b.header("X-Auth-Token", token);
    }
    return b;
  }

  private static HttpRequest.BodyPublisher jsonBody(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new CliException("cannot encode request: " + e.getMessage(), 2);
    }
  }

  private JsonNode send(HttpRequest.Builder b) {
    String body = sendRaw(b).body();
    try {
      return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new CliException("unexpected answer from " + base + ": " + body, 2);
    }
  }

  private HttpResponse<String> sendRaw(HttpRequest.Builder b) {
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException("cannot reach Squall at " + base
          + " — is it running? Start it with `squall start` (or set SQUALL_API_URL).", 2);
    } catch (IOException e) {
      throw new CliException("request to " + base + " failed: " + e.getMessage(), 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    }
    if (r.statusCode() >= 400) {
      String message = r.body();
      try {
        JsonNode n = JSON.readTree(r.body());
        if (n.hasNonNull("faultstring")) {
          message = n.get("faultstring").asText();
        }
      } catch (IOException ignored) {
        // not JSON: show the body as it came
      }
      if (r.statusCode() == 401) {
        message += " (log in with `squall login USER`, or set SQUALL_API_KEY)";
      }
      throw new CliException(message, 1);
    }
    return r;
  }
}
