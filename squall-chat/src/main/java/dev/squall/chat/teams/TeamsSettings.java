package dev.squall.chat.teams;

import dev.squall.chat.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How one Teams bot (an Azure Bot registration) talks to the Bot Framework.
 *
 * @param appId the bot's Microsoft App ID: the audience of inbound tokens, the client id outbound
 * @param appPassword the app's client secret
 * @param listenHost the address the messaging endpoint binds to
 * @param listenPort its port; 0 picks a free one (see {@link TeamsAdapter#port()})
 * @param serviceUrl where to send to a conversation no activity has come from yet, or null
 * @param tokenUrl the OAuth2 token endpoint for the bot's client credentials
 * @param openIdMetadataUrl the OpenID metadata naming the JWKS that signs inbound tokens
 * @param queueCapacity replies held while disconnected; beyond it {@code send} refuses
 */
public record TeamsSettings(
    String appId, String appPassword, String listenHost, int listenPort, URI serviceUrl, URI tokenUrl,
    URI openIdMetadataUrl, int queueCapacity, Duration reconnectMin, Duration reconnectMax) {

  public static final String DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";
  public static final String DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration";
  /** The Bot Framework's conventional port for a bot's messaging endpoint. */
  public static final int DEFAULT_PORT = 3978;

  private static final Set<String> KEYS = Set.of("app_id", "app_password", "listen_host", "listen_port",
      "service_url", "token_url", "openid_metadata_url", "queue_size", "reconnect_min_ms", "reconnect_max_ms");

  /**
   * Reads a {@code chat.<name>} section. Keys: {@code app_id} and {@code app_password} (required),
   * {@code listen_host} (127.0.0.1), {@code listen_port} (3978), {@code service_url} (none),
   * {@code token_url}, {@code openid_metadata_url} (the Bot Framework's public cloud),
   * {@code queue_size} (1000), {@code reconnect_min_ms} (1000), {@code reconnect_max_ms} (60000).
   */
  public static TeamsSettings fromConfig(String name, Map<String, Object> section) {
    ConfigSection c = new ConfigSection("chat." + name, section, KEYS);
    String serviceUrl = c.string("service_url", null);
    return new TeamsSettings(c.required("app_id").strip(), c.required("app_password"),
        c.string("listen_host", "127.0.0.1").strip(), c.integer("listen_port", DEFAULT_PORT, 0, 65_535),
        serviceUrl == null ? null : c.url("service_url", null, "https://smba.trafficmanager.net/emea"),
        c.url("token_url", DEFAULT_TOKEN_URL, DEFAULT_TOKEN_URL),
        c.url("openid_metadata_url", DEFAULT_OPENID_METADATA_URL, DEFAULT_OPENID_METADATA_URL),
        c.integer("queue_size", 1000, 1, 1_000_000),
        Duration.ofMillis(c.integer("reconnect_min_ms", 1000, 10, 3_600_000)),
        Duration.ofMillis(c.integer("reconnect_max_ms", 60_000, 10, 3_600_000)));
  }

}
