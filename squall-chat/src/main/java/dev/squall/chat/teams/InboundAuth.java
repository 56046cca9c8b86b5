package dev.squall.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Checks the {@code Authorization} header of a request to the messaging endpoint as the Bot
 * Connector authentication spec asks: a {@code Bearer} JWT signed RS256 by a current Bot Framework
 * key endorsed for the activity's channel, issued by {@code https://api.botframework.com} for this
 * bot's app id, within its lifetime (5 minutes' clock skew allowed), and naming, in its
 * {@code serviceurl} claim, the activity's own {@code serviceUrl} (so a stolen token cannot point
 * the bot's replies, and its access token, at another server).
 */
final class InboundAuth {

  static final String ISSUER = "https://api.botframework.com";
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  /** The claim naming the service URL the token is for: all in lower case, unlike the activity's field. */
  static final String SERVICE_URL_CLAIM = "serviceurl";

  /** Why a request was refused; the message is for the log, never for the caller. */
  static final class Refused extends Exception {
    Refused(String why) {
      super(why);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SigningKeys keys;
  private final String appId;

  InboundAuth(SigningKeys keys, String appId) {
    this.keys = keys;
    this.appId = appId;
  }

  /** Returns normally when the header is a valid token for an activity from this service URL and channel. */
  void check(String authorization, String serviceUrl, String channelId)
      throws Refused, IOException, InterruptedException {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Refused("no Bearer token");
    }
    String[] parts = authorization.substring(7).strip().split("\\.", -1);
    if (parts.length != 3) {
      throw new Refused("not a JWT");
    }
    JsonNode header = json(parts[0]);
    JsonNode claims = json(parts[1]);
    if (!"RS256".equals(header.path("alg").asText())) {
      throw new Refused("algorithm " + header.path("alg").asText() + " is not RS256");
    }
    SigningKeys.Key key = keys.find(header.path("kid").asText(""));
    if (key == null) {
      throw new Refused("unknown signing key " + header.path("kid").asText());
    }
    if (!verifies(key, parts)) {
      throw new Refused("bad signature");
    }
    if (!key.endorsements().isEmpty() && !key.endorsements().contains(channelId)) {
      throw new Refused("signing key is not endorsed for channel " + channelId);
    }
    if (!ISSUER.equals(claims.path("iss").asText())) {
      throw new Refused("issuer " + claims.path("iss").asText() + " is not " + ISSUER);
    }
    if (!audienceIsUs(claims.path("aud"))) {
      throw new Refused("audience " + claims.path("aud") + " is not this bot");
    }
    Instant now = Instant.now();
    if (!claims.path("exp").canConvertToLong()
        || now.isAfter(Instant.ofEpochSecond(claims.path("exp").asLong()).plus(CLOCK_SKEW))) {
      throw new Refused("token expired");
    }
    if (claims.has("nbf") && now.isBefore(Instant.ofEpochSecond(claims.path("nbf").asLong()).minus(CLOCK_SKEW))) {
      throw new Refused("token not valid yet");
    }
    if (!sameUrl(claims.path(SERVICE_URL_CLAIM).asText(""), serviceUrl)) {
      throw new Refused("token's serviceurl " + claims.path(SERVICE_URL_CLAIM).asText() + " is not the activity's "
          + serviceUrl);
    }
  }

  private boolean audienceIsUs(JsonNode aud) {
    if (aud.isArray()) {
      for (JsonNode one : aud) {
        if (appId.equals(one.asText())) {
          return true;
        }
      }
      return false;
    }
    return appId.equals(aud.asText());
  }

  /** The Bot Framework may or may not end a service URL with a slash; nothing else may differ. */
  private static boolean sameUrl(String a, String b) {
    return !a.isEmpty() && b != null && strip(a).equals(strip(b));
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static boolean verifies(SigningKeys.Key key, String[] parts) throws Refused {
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(key.publicKey());
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Refused("unverifiable signature: " + e.getMessage());
    }
  }

  private static JsonNode json(String part) throws Refused {
    try {
      JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw new Refused("JWT part is not a JSON object");
      }
      return node;
    } catch (IOException | IllegalArgumentException e) {
      throw new Refused("unreadable JWT: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }
}
