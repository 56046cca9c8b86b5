package dev.squall.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys the Bot Framework signs its tokens with: the OpenID metadata names a JWKS, whose RSA
 * keys are cached by {@code kid}. A token with an unknown {@code kid} makes the keys be fetched
 * again (the Bot Framework rotates them), but no more often than {@code minRefetch}, so forged
 * tokens with made-up ids cannot turn the endpoint into a request amplifier; keys older than a day
 * are fetched again as the Bot Framework asks.
 */
final class SigningKeys {

  /** One signing key and the channels ({@code msteams}…) it is endorsed for. */
  record Key(PublicKey publicKey, List<String> endorsements) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_AGE = Duration.ofDays(1);

  private final HttpClient http;
  private final URI metadataUrl;
  private final Duration minRefetch;
  private Map<String, Key> keys = Map.of(); // guarded by this
  private Instant fetchedAt = Instant.EPOCH; // guarded by this

  SigningKeys(HttpClient http, URI metadataUrl, Duration minRefetch) {
    this.http = http;
    this.metadataUrl = metadataUrl;
    this.minRefetch = minRefetch;
  }

  /** Fetches the metadata and the keys now. */
  synchronized void refresh() throws IOException, InterruptedException {
    JsonNode metadata = get(metadataUrl);
    String jwksUri = metadata.path("jwks_uri").asText("");
    if (jwksUri.isEmpty()) {
      throw new IOException("OpenID metadata at " + metadataUrl + " names no jwks_uri");
    }
    Map<String, Key> fresh = new HashMap<>();
    for (JsonNode jwk : get(URI.create(jwksUri)).path("keys")) {
      if (!"RSA".equals(jwk.path("kty").asText()) || jwk.path("kid").asText("").isEmpty()) {
        continue;
      }
      List<String> endorsements = new ArrayList<>();
      jwk.path("endorsements").forEach(e -> endorsements.add(e.asText()));
      fresh.put(jwk.path("kid").asText(), new Key(rsa(jwk), List.copyOf(endorsements)));
    }
    keys = Map.copyOf(fresh);
    fetchedAt = Instant.now();
  }

  /** The key with this id, fetching the keys again if it is unknown or they are old; null if none. */
  synchronized Key find(String kid) throws IOException, InterruptedException {
    Instant now = Instant.now();
    boolean stale = now.isAfter(fetchedAt.plus(MAX_AGE));
    if (stale || (!keys.containsKey(kid) && now.isAfter(fetchedAt.plus(minRefetch)))) {
      refresh();
    }
    return keys.get(kid);
  }

  private JsonNode get(URI url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private static PublicKey rsa(JsonNode jwk) throws IOException {
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      BigInteger modulus = new BigInteger(1, b64.decode(jwk.path("n").asText()));
      BigInteger exponent = new BigInteger(1, b64.decode(jwk.path("e").asText()));
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("unreadable signing key " + jwk.path("kid").asText() + ": " + e.getMessage(), e);
    }
  }
}
