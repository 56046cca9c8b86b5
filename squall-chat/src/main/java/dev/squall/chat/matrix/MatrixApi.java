package dev.squall.chat.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The client-server API calls of one homeserver: JSON in and out, the bearer token, and Matrix's
 * error shape ({@code {"errcode": "M_…", "error": "…"}}).
 */
final class MatrixApi {

  static final String PREFIX = "/_matrix/client/v3";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: status, the JSON body (missing when it was not JSON) and the headers. */
  record Reply(int status, JsonNode body, HttpHeaders headers) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    String errcode() {
      return body.path("errcode").asText("");
    }

    /** The access token is unknown or expired: the spec's 401 {@code M_UNKNOWN_TOKEN}. */
    boolean tokenRejected() {
      return status == 401 && (errcode().isEmpty() || errcode().equals("M_UNKNOWN_TOKEN")
          || errcode().equals("M_MISSING_TOKEN"));
    }

    /** E.g. {@code 403 M_FORBIDDEN: You are not invited to this room.} */
    String describe() {
      String error = body.path("error").asText("");
      return status + (errcode().isEmpty() ? "" : " " + errcode()) + (error.isEmpty() ? "" : ": " + error);
    }
  }

  private final HttpClient http;
  private final URI homeserver;

  MatrixApi(HttpClient http, URI homeserver) {
    this.http = http;
    this.homeserver = homeserver;
  }

  /** Calls {@code PREFIX + path}; {@code token} may be null (login). */
  Reply call(String method, String path, JsonNode body, String token, Duration timeout)
      throws IOException, InterruptedException {
    return reply(http.send(request(method, path, body, token, timeout), HttpResponse.BodyHandlers.ofString()));
  }

  /**
   * A GET that can be abandoned: {@code cancel(true)} on the returned future aborts the exchange,
   * which a long-poll needs when its session ends. Turn the response into a {@link Reply} with
   * {@link #reply}.
   */
  CompletableFuture<HttpResponse<String>> getAsync(String path, String token, Duration timeout) {
    return http.sendAsync(request("GET", path, null, token, timeout), HttpResponse.BodyHandlers.ofString());
  }

  /** A path segment: room ids and aliases carry {@code !}, {@code #} and {@code :}, which must be escaped. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest request(String method, String path, JsonNode body, String token, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(homeserver + PREFIX + path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
  }

  static Reply reply(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null; // a proxy's HTML error page, say
    }
    return new Reply(response.statusCode(), body == null ? MissingNode.getInstance() : body, response.headers());
  }
}
