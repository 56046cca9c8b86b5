package dev.squall.engine.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the notifytrigger payload as JSON to a URL, signed so the receiver can check it came
 * from this Squall: {@code X-Squall-Signature: sha256=<hex HMAC-SHA256 of the body>} (when a
 * secret is configured). Any answer
 * but 2xx is a failed attempt.
 */
public final class WebhookRoute implements Route {

  public static final String SIGNATURE_HEADER = "X-Squall-Signature";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final URI url;
  private final byte[] secret;
  private final HttpClient http;
  private final Duration timeout;

  public WebhookRoute(String name, URI url, String secret, Duration timeout) {
    this.name = name;
    this.url = url;
    this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Notification n) throws Exception {
    byte[] body = JSON.writeValueAsBytes(n.payload());
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      request.header(SIGNATURE_HEADER, signature(secret, body));
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String text = response.body() == null ? "" : response.body();
      throw new IllegalStateException("webhook " + url + " answered " + response.statusCode()
          + (text.isBlank() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…"
              : text)));
    }
  }

  /** {@code sha256=<hex HMAC-SHA256 of body with secret>}, for senders and receivers alike. */
  public static String signature(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
