package dev.squall.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * StackStorm's {@code http-request} runner on {@link HttpClient}. The result is StackStorm's:
 * {@code status_code, body} (parsed when the response is {@code application/json}), {@code parsed,
 * headers}; a status outside 200–206 fails the execution, a timeout ends it as {@code timeout}
 * with {@code {"error": ...}}.
 *
 * <p>Runner parameters: {@code url, headers, cookies, allow_redirects, username, password,
 * verify_ssl_cert, http_proxy, https_proxy, url_hosts_blacklist, url_hosts_whitelist}. Action
 * parameters it reads: {@code method, body, params, timeout}.
 */
public final class HttpRequestRunner implements Runner {

  public static final Set<String> RUNNER_PARAMETERS = Set.of("url", "headers", "cookies",
      "allow_redirects", "username", "password", "verify_ssl_cert", "http_proxy", "https_proxy",
      "url_hosts_blacklist", "url_hosts_whitelist");

  /** Headers {@link HttpClient} sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("content-length", "host", "connection", "expect", "upgrade");

  private final ObjectMapper json = new ObjectMapper();
  /** One client per transport setting, shared by all executions (connection pooling). */
  private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

  private record ClientKey(boolean followRedirects, boolean verifyTls, String proxy) {}

  @Override
  public String name() {
    return "http-request";
  }

  @Override
  public RunnerResult run(RunContext context) {
    Map<String, Object> p = context.parameters();
    Object timeoutParam = p.getOrDefault("timeout", 60);
    HttpRequest request;
    HttpClient client;
    try {
      URI uri = uri(p);
      checkHostLists(uri, p);
      request = request(uri, p, context);
      client = client(uri, p);
    } catch (IllegalArgumentException e) {
      return failure(ExecutionStatus.FAILED, e.getMessage());
    }
    Duration timeout = ShellSupport.timeout(timeoutParam);
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      HttpResponse<byte[]> response = timeout == null
          ? pending.get()
          : pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return result(response);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return failure(ExecutionStatus.TIMEOUT, "Request to " + request.uri()
          + " timed out (timeout=" + timeoutParam + " seconds)");
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      return new RunnerResult(ExecutionStatus.CANCELED, Map.of());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      ExecutionStatus status = cause instanceof java.net.http.HttpTimeoutException
          ? ExecutionStatus.TIMEOUT : ExecutionStatus.FAILED;
      return failure(status, "Request to " + request.uri() + " failed: " + describe(cause));
    }
  }

  private RunnerResult result(HttpResponse<byte[]> response) {
    Map<String, Object> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        headers.put(name, String.join(", ", values));
      }
    });
    String contentType = response.headers().firstValue("content-type").orElse("");
    String text = new String(response.body(), charset(contentType));
    Object body = text;
    boolean parsed = false;
    if (contentType.split(";")[0].strip().equalsIgnoreCase("application/json")) {
      try {
        body = json.readValue(text, Object.class);
        parsed = true;
      } catch (JsonProcessingException e) {
        // StackStorm keeps the raw text when a JSON response does not parse
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status_code", response.statusCode());
    result.put("body", body);
    result.put("parsed", parsed);
    result.put("headers", headers);
    int code = response.statusCode();
    return new RunnerResult(
        code >= 200 && code <= 206 ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED, result);
  }

  private URI uri(Map<String, Object> p) {
    if (!(p.get("url") instanceof String url) || url.isBlank()) {
      throw new IllegalArgumentException("URL must be specified (runner parameter \"url\")");
    }
    StringBuilder full = new StringBuilder(url.strip());
    if (p.get("params") instanceof Map<?, ?> query && !query.isEmpty()) {
      StringJoiner pairs = new StringJoiner("&");
      query.forEach((k, v) -> {
        for (Object one : v instanceof Collection<?> c ? c : java.util.Collections.singleton(v)) {
          if (one != null) {
            pairs.add(encode(String.valueOf(k)) + "=" + encode(scalar(one)));
          }
        }
      });
      full.append(full.indexOf("?") >= 0 ? "&" : "?").append(pairs);
    }
    URI uri;
    try {
      uri = URI.create(full.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid URL \"" + full + "\": " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "Invalid URL \"" + full + "\": an http:// or https:// URL with a host is required");
    }
    return uri;
  }

  private static void checkHostLists(URI uri, Map<String, Object> p) {
    List<String> black = strings(p.get("url_hosts_blacklist"));
    List<String> white = strings(p.get("url_hosts_whitelist"));
    if (!black.isEmpty() && !white.isEmpty()) {
      throw new IllegalArgumentException("\"url_hosts_blacklist\" and \"url_hosts_whitelist\" "
          + "parameters are mutually exclusive. Only one should be provided.");
    }
    String host = uri.getHost().replace("[", "").replace("]", "");
    if (black.contains(host)) {
      throw new IllegalArgumentException("URL \"" + uri + "\" is blacklisted");
    }
    if (!white.isEmpty() && !white.contains(host)) {
      throw new IllegalArgumentException("URL \"" + uri + "\" is not whitelisted");
    }
  }

  private HttpRequest request(URI uri, Map<String, Object> p, RunContext context) {
    if (p.get("file_name") != null && p.get("file_content") != null) {
      throw new IllegalArgumentException(
          "File upload (file_name/file_content) is not supported by the http-request runner");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (p.get("headers") instanceof Map<?, ?> given) {
      given.forEach((k, v) -> {
        if (k != null && v != null) {
          headers.put(String.valueOf(k), scalar(v));
        }
      });
    }
    Object body = p.get("body");
    boolean hasBody = body != null && !(body instanceof String s && s.isEmpty())
        && !(body instanceof Map<?, ?> m && m.isEmpty());
    byte[] payload = hasBody ? payload(body, headers) : null;

    headers.keySet().removeIf(k -> RESTRICTED.contains(k.toLowerCase(Locale.ROOT)));
    putIfAbsent(headers, "User-Agent", "squall (st2-compatible http-request runner)");
    if (context.action() != null) {
      headers.put("X-Stanley-Action", context.action().name());
    }
    if (p.get("cookies") instanceof Map<?, ?> cookies && !cookies.isEmpty()) {
      StringJoiner jar = new StringJoiner("; ");
      cookies.forEach((k, v) -> jar.add(k + "=" + scalar(v)));
      headers.put("Cookie", jar.toString());
    }
    Object user = p.get("username");
    Object password = p.get("password");
    if (user != null || password != null) {
      String pair = (user == null ? "" : user) + ":" + (password == null ? "" : password);
      headers.put("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    String method = p.get("method") instanceof String m && !m.isBlank()
        ? m.strip().toUpperCase(Locale.ROOT)
        : (hasBody ? "POST" : "GET");
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(method, payload == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(payload));
    try {
      headers.forEach(builder::header);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid HTTP header: " + e.getMessage());
    }
    return builder.build();
  }

  /**
   * With {@code Content-Type: application/json} the body is sent as JSON (a string body must be
   * JSON text). A map or list body without a content type is sent as JSON too, where StackStorm
   * would form-encode it: an object body in Squall means JSON.
   */
  private byte[] payload(Object body, Map<String, String> headers) {
    String type = headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    boolean jsonType = type != null && type.split(";")[0].strip().equalsIgnoreCase("application/json");
    try {
      if (body instanceof String s) {
        if (jsonType) {
          return json.writeValueAsBytes(json.readValue(s, Object.class));
        }
        return s.getBytes(StandardCharsets.UTF_8);
      }
      if (type == null) {
        headers.put("Content-Type", "application/json");
      }
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Request body (" + body + ") can't be parsed as JSON");
    }
  }

  private HttpClient client(URI uri, Map<String, Object> p) {
    String proxy = (String) (uri.getScheme().equalsIgnoreCase("https")
        ? stringOrNull(p.get("https_proxy")) : stringOrNull(p.get("http_proxy")));
    ClientKey key = new ClientKey(Boolean.TRUE.equals(p.get("allow_redirects")),
        !Boolean.FALSE.equals(p.get("verify_ssl_cert")), proxy);
    return clients.computeIfAbsent(key, HttpRequestRunner::newClient);
  }

  private static HttpClient newClient(ClientKey key) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .followRedirects(key.followRedirects() ? HttpClient.Redirect.NORMAL
            : HttpClient.Redirect.NEVER);
    if (!key.verifyTls()) {
      builder.sslContext(InsecureTls.context());
    }
    if (key.proxy() != null) {
      URI proxy = URI.create(key.proxy().contains("://") ? key.proxy() : "http://" + key.proxy());
      if (proxy.getHost() == null) {
        throw new IllegalArgumentException("Invalid proxy URL \"" + key.proxy() + "\"");
      }
      builder.proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(),
          proxy.getPort() > 0 ? proxy.getPort() : 80)));
    }
    return builder.build();
  }

  private static RunnerResult failure(ExecutionStatus status, String message) {
    return new RunnerResult(status, Map.of("error", message));
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Charset charset(String contentType) {
    for (String part : contentType.split(";")) {
      String p = part.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").strip());
        } catch (RuntimeException e) {
          break;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private String scalar(Object v) {
    if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
      try {
        return json.writeValueAsString(v);
      } catch (JsonProcessingException e) {
        return String.valueOf(v);
      }
    }
    return String.valueOf(v);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void putIfAbsent(Map<String, String> headers, String name, String value) {
    if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
      headers.put(name, value);
    }
  }

  private static Object stringOrNull(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  private static List<String> strings(Object o) {
    return o instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
  }
}
