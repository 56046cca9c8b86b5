package dev.squall.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.FakePlatform;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Bot Framework as a Teams bot sees it: the Entra ID token endpoint (client credentials), the
 * OpenID metadata and JWKS that sign the channel's tokens (a key pair made here, endorsed for
 * {@code msteams}), and the Bot Connector's {@code POST /v3/conversations/{id}/activities} under a
 * regional service URL ({@code /amer/}, with 429s on demand). It plays Teams by POSTing activities,
 * shaped as Teams documents them, to the bot's messaging endpoint with a freshly signed JWT.
 */
public final class FakeTeams implements FakePlatform {

  public static final String APP_ID = "6f1b3c2e-5d4a-4e8b-9c7d-1a2b3c4d5e6f";
  public static final String APP_PASSWORD = "Zx8Q~fake.client.secret~value";
  public static final String BOT_ID = "28:" + APP_ID;
  static final String BOT_NAME = "Squall";
  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String KID = "fakeKid1-f8a1";
  static final String ISSUER = "https://api.botframework.com";
  static final String MENTION = "<at>" + BOT_NAME + "</at>";
  /** The tenant id of {@code botframework.com}, where Entra ID's metadata sends the token request. */
  static final String BOT_FRAMEWORK_TENANT = "d6d49420-f39b-4df7-a1dc-d59a935871db";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request to the connector, as it arrived. */
  public record ConnectorPost(String rawPath, String conversationId, String authorization, JsonNode body) {}

  final List<Map<String, List<String>>> tokenRequests = new CopyOnWriteArrayList<>();
  final List<ConnectorPost> connectorPosts = new CopyOnWriteArrayList<>();
  private final List<ConnectorPost> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, Posted> byActivity = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Edited> edits = new CopyOnWriteArrayList<>();
  private final Set<String> issuedTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger refuseTokensNext = new AtomicInteger();
  private final AtomicLong clock = new AtomicLong(1_764_000_000_000L);
  private volatile String retryAfter = "1";
  // The published signing keys by kid; tokens are signed with the newest (currentKid).
  private final Map<String, KeyPair> keys = new java.util.concurrent.ConcurrentSkipListMap<>();
  private volatile String currentKid = KID;
  private final int listenPort;
  private volatile URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Javalin app;
  private volatile ServerConnector tls; // the HTTPS connector, when there is one

  public FakeTeams() {
    this(null);
  }

  /**
   * With {@code keystore} (a PKCS12 file, password {@code changeit}, as {@code SelfSignedCertificate}
   * makes) the fake also serves HTTPS, on {@link #loginUrl()}: Entra ID's token endpoint and its
   * OpenID metadata, which client libraries such as MSAL only reach over HTTPS.
   */
  FakeTeams(java.nio.file.Path keystore) {
    keys.put(KID, newKeyPair());
    listenPort = freePort();
    endpoint = URI.create("http://127.0.0.1:" + listenPort + TeamsAdapter.PATH);
    app = Javalin.create(config -> {
      // The connector's conversation ids hold ':', ';' and '=', which clients percent-encode.
      config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
      config.jetty.modifyServletContextHandler(context -> context.getServletHandler().setDecodeAmbiguousURIs(true));
      if (keystore != null) {
        config.jetty.addConnector((server, httpConfig) ->
            new ServerConnector(server, new HttpConnectionFactory(httpConfig)));
        config.jetty.addConnector((server, httpConfig) -> tls = httpsConnector(server, httpConfig, keystore));
      }
      config.routes.post("/botframework.com/oauth2/v2.0/token", this::token);
      // Entra ID's metadata for the botframework.com tenant names the token endpoint by tenant id.
      config.routes.post("/" + BOT_FRAMEWORK_TENANT + "/oauth2/v2.0/token", this::token);
      config.routes.get("/botframework.com/v2.0/.well-known/openid-configuration", this::entraMetadata);
      config.routes.get("/v1/.well-known/openidconfiguration", ctx -> ctx.contentType("application/json").result(
          "{\"issuer\":\"" + ISSUER + "\",\"authorization_endpoint\":\"https://invalid.botframework.com\","
              + "\"jwks_uri\":\"" + url() + "/v1/.well-known/keys\",\"id_token_signing_alg_values_supported\":[\"RS256\"],"
              + "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"]}"));
      config.routes.get("/v1/.well-known/keys", ctx -> ctx.contentType("application/json").result(jwks().toString()));
      config.routes.post("/{region}/v3/conversations/{conversation}/activities", this::activity);
      config.routes.put("/{region}/v3/conversations/{conversation}/activities/{activityId}", this::updateActivity);
      // Reply to an activity, which the Bot Framework SDK uses for every reply in a turn.
      config.routes.post("/{region}/v3/conversations/{conversation}/activities/{activityId}", this::activity);
    }).start(0);
  }

  // ---- the platform's side ----

  private static ServerConnector httpsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration plain,
      java.nio.file.Path keystore) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keystore.toString());
    ssl.setKeyStoreType("PKCS12");
    ssl.setKeyStorePassword("changeit");
    HttpConfiguration https = new HttpConfiguration(plain);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
  }

  /** Entra ID's OpenID configuration of the botframework.com tenant, as its v2.0 endpoint answers it. */
  private void entraMetadata(Context ctx) {
    String base = loginBase() + "/" + BOT_FRAMEWORK_TENANT;
    ObjectNode metadata = JSON.createObjectNode().put("token_endpoint", base + "/oauth2/v2.0/token");
    metadata.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("private_key_jwt")
        .add("client_secret_basic");
    metadata.put("jwks_uri", loginBase() + "/" + BOT_FRAMEWORK_TENANT + "/discovery/v2.0/keys");
    metadata.putArray("response_modes_supported").add("query").add("fragment").add("form_post");
    metadata.putArray("subject_types_supported").add("pairwise");
    metadata.putArray("id_token_signing_alg_values_supported").add("RS256");
    metadata.putArray("response_types_supported").add("code").add("id_token").add("code id_token")
        .add("id_token token");
    metadata.putArray("scopes_supported").add("openid").add("profile").add("email").add("offline_access");
    metadata.put("issuer", base + "/v2.0").put("request_uri_parameter_supported", false)
        .put("userinfo_endpoint", "https://graph.microsoft.com/oidc/userinfo")
        .put("authorization_endpoint", base + "/oauth2/v2.0/authorize")
        .put("device_authorization_endpoint", base + "/oauth2/v2.0/devicecode").put("http_logout_supported", true)
        .put("frontchannel_logout_supported", true).put("end_session_endpoint", base + "/oauth2/v2.0/logout");
    metadata.putArray("claims_supported").add("sub").add("iss").add("aud").add("exp").add("iat").add("nbf")
        .add("tid").add("ver");
    metadata.put("kerberos_endpoint", base + "/kerberos").put("tenant_region_scope", "WW")
        .put("cloud_instance_name", "microsoftonline.com").put("cloud_graph_host_name", "graph.windows.net")
        .put("msgraph_host", "graph.microsoft.com").put("rbac_url", "https://pas.windows.net");
    ctx.contentType("application/json").result(metadata.toString());
  }

  private String loginBase() {
    ServerConnector https = tls;
    return https == null ? url() : "https://localhost:" + https.getLocalPort();
  }

  /**
   * Where a client of Entra ID logs in for the Bot Framework (on Azure,
   * {@code https://login.microsoftonline.com/botframework.com}): over HTTPS when the fake was made
   * with a keystore.
   */
  String loginUrl() {
    return loginBase() + "/botframework.com";
  }

  private void token(Context ctx) {
    Map<String, List<String>> form = ctx.formParamMap();
    tokenRequests.add(form);
    ctx.contentType("application/json");
    boolean valid = List.of("client_credentials").equals(form.get("grant_type"))
        && List.of(APP_ID).equals(form.get("client_id")) && List.of(APP_PASSWORD).equals(form.get("client_secret"))
        && List.of("https://api.botframework.com/.default").equals(form.get("scope"));
    if (!valid || refuseTokensNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.status(401).result("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client "
          + "secret provided. Ensure the secret being sent in the request is the client secret value.\\r\\n"
          + "Trace ID: 0000\",\"error_codes\":[7000215]}");
      return;
    }
    String token = "eyJ0eXAiOiJKV1QifQ.access-" + UUID.randomUUID();
    issuedTokens.add(token);
    ctx.result("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + token + "\"}");
  }

  private void activity(Context ctx) throws IOException {
    String raw = ctx.req().getRequestURI();
    String encoded = raw.substring(raw.indexOf("/conversations/") + "/conversations/".length(), raw.lastIndexOf("/activities"));
    ConnectorPost post = new ConnectorPost(raw, URLDecoder.decode(encoded, StandardCharsets.UTF_8),
        ctx.header("Authorization"), JSON.readTree(ctx.body()));
    connectorPosts.add(post);
    ctx.contentType("application/json");
    String auth = post.authorization() == null ? "" : post.authorization();
    if (!auth.startsWith("Bearer ") || !issuedTokens.contains(auth.substring(7))) {
      ctx.status(401).result("{\"message\":\"Authorization has been denied for this request.\"}");
    } else if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.status(429).header("Retry-After", retryAfter)
          .result("{\"error\":{\"code\":\"Throttled\",\"message\":\"Too many requests\"}}");
    } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.status(503).result("{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try again\"}}");
    } else {
      accepted.add(post);
      String id = String.valueOf(clock.incrementAndGet());
      byActivity.put(post.conversationId() + "/" + id, posted(post));
      stored.add(new Stored(id, post));
      ctx.status(201).result("{\"id\":\"" + id + "\"}");
    }
  }

  /** UpdateActivity: only an activity the bot sent to that conversation; answers its id. */
  private void updateActivity(Context ctx) throws IOException {
    String raw = ctx.req().getRequestURI();
    String encoded = raw.substring(raw.indexOf("/conversations/") + "/conversations/".length(), raw.lastIndexOf("/activities/"));
    String conversation = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    String activityId = URLDecoder.decode(raw.substring(raw.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    JsonNode body = JSON.readTree(ctx.body());
    connectorPosts.add(new ConnectorPost(raw, conversation, ctx.header("Authorization"), body));
    ctx.contentType("application/json");
    String auth = ctx.header("Authorization") == null ? "" : ctx.header("Authorization");
    Posted original = byActivity.get(conversation + "/" + activityId);
    if (!auth.startsWith("Bearer ") || !issuedTokens.contains(auth.substring(7))) {
      ctx.status(401).result("{\"message\":\"Authorization has been denied for this request.\"}");
    } else if (original == null) {
      ctx.status(404).result("{\"error\":{\"code\":\"ActivityNotFoundInConversation\",\"message\":\"not found\"}}");
    } else {
      edits.add(new Edited(original, body.path("text").asText(), java.time.Instant.now(),
          "PUT /v3/conversations/{conversationId}/activities/{activityId}"));
      ctx.status(200).result("{\"id\":\"" + activityId + "\"}");
    }
  }

  @Override
  public List<Edited> edited() {
    return List.copyOf(edits);
  }

  private ObjectNode jwks() {
    ObjectNode jwks = JSON.createObjectNode();
    ArrayNode list = jwks.putArray("keys");
    keys.forEach((kid, pair) -> {
      RSAPublicKey key = (RSAPublicKey) pair.getPublic();
      ObjectNode jwk = list.addObject().put("kty", "RSA").put("use", "sig").put("kid", kid).put("x5t", kid)
          .put("n", b64(unsigned(key.getModulus()))).put("e", b64(unsigned(key.getPublicExponent())));
      jwk.putArray("endorsements").add("msteams").add("webchat").add("skype");
    });
    return jwks;
  }

  // ---- what tests drive ----

  String metadataUrl() {
    return url() + "/v1/.well-known/openidconfiguration";
  }

  String url() {
    return "http://localhost:" + app.port();
  }

  /** Teams' regional service URL for this fake, as activities carry it. */
  String serviceUrl() {
    return url() + "/amer/";
  }

  /** Where activities go from now on (the default is the port {@link #adapterConfig()} names). */
  public void deliverTo(URI messagingEndpoint) {
    endpoint = messagingEndpoint;
  }

  /** Publishes a new signing key and signs with it from now on, as the Bot Framework rotates keys. */
  String rotateKey() {
    String kid = "fakeKid" + (keys.size() + 1) + "-f8a1";
    keys.put(kid, newKeyPair());
    currentKid = kid;
    return kid;
  }

  /** The next {@code count} connector posts are answered 429 with this {@code Retry-After}. */
  void throttleNext(int count, String retryAfterSeconds) {
    retryAfter = retryAfterSeconds;
    throttleNext.set(count);
  }

  /** The next {@code count} connector posts are answered 503. */
  void failNext(int count) {
    failNext.set(count);
  }

  /** Every access token issued so far stops working (as if revoked), so the connector answers 401. */
  void revokeTokens() {
    issuedTokens.clear();
  }

  /** The next {@code count} token requests are refused. */
  void refuseTokensNext(int count) {
    refuseTokensNext.set(count);
  }

  List<ConnectorPost> accepted() {
    return accepted;
  }

  /** A message activity as Teams sends it, in a channel thread, a group chat or a personal chat. */
  ObjectNode messageActivity(String id, String user, String room, String thread, String text) {
    boolean personal = room.startsWith("a:");
    String type = personal ? "personal" : thread != null ? "channel" : "groupChat";
    ObjectNode activity = JSON.createObjectNode().put("text", personal ? text : MENTION + " " + text)
        .put("textFormat", "plain").put("type", "message")
        .put("timestamp", Instant.ofEpochMilli(Long.parseLong(id)).toString())
        .put("localTimestamp", Instant.ofEpochMilli(Long.parseLong(id)).toString().replace("Z", "-05:00"))
        .put("id", id).put("channelId", "msteams").put("serviceUrl", serviceUrl());
    activity.putObject("from").put("id", "29:1" + user + "-Xq3bV0kP").put("name", user)
        .put("aadObjectId", aadId(user));
    ObjectNode conversation = activity.putObject("conversation");
    if (!personal) {
      conversation.put("isGroup", true);
    }
    conversation.put("conversationType", type).put("tenantId", TENANT)
        .put("id", TeamsText.conversation(room, thread));
    activity.putObject("recipient").put("id", BOT_ID).put("name", BOT_NAME);
    ArrayNode entities = activity.putArray("entities");
    if (!personal) {
      ObjectNode mention = entities.addObject();
      mention.putObject("mentioned").put("id", BOT_ID).put("name", BOT_NAME);
      mention.put("text", MENTION).put("type", "mention");
    }
    entities.addObject().put("locale", "en-US").put("country", "US").put("platform", "Web")
        .put("timezone", "America/New_York").put("type", "clientInfo");
    ObjectNode channelData = activity.putObject("channelData");
    if ("channel".equals(type)) {
      channelData.put("teamsChannelId", room).put("teamsTeamId", "19:team-general@thread.tacv2");
      channelData.putObject("channel").put("id", room);
      channelData.putObject("team").put("id", "19:team-general@thread.tacv2");
    }
    channelData.putObject("tenant").put("id", TENANT);
    activity.put("locale", "en-US");
    return activity;
  }

  /** The Entra ID object id Teams gives {@code user} (what the bot sees as the user's id). */
  public static String aadId(String user) {
    return UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString();
  }

  String nextActivityId() {
    return Long.toString(clock.incrementAndGet());
  }

  /** A token as the Bot Framework signs it for this bot and service URL; {@code claims} may change it. */
  String channelToken(Consumer<ObjectNode> claims) {
    String kid = currentKid;
    return signedToken(keys.get(kid).getPrivate(), kid, claims);
  }

  String signedToken(PrivateKey key, String kid, Consumer<ObjectNode> tweak) {
    long now = Instant.now().getEpochSecond();
    ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("kid", kid).put("x5t", kid).put("typ", "JWT");
    // The Bot Framework's claim is spelled "serviceurl", all in lower case.
    ObjectNode claims = JSON.createObjectNode().put("serviceurl", serviceUrl()).put("nbf", now - 5)
        .put("exp", now + 3600).put("iss", ISSUER).put("aud", APP_ID);
    tweak.accept(claims);
    String input = b64(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs an activity to the bot's endpoint with this Authorization header (null: none); the status. */
  int deliver(JsonNode activity, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(activity.toString()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The bot's HTTP answer to an activity: its status and body. */
  public record Answer(int status, String contentType, JsonNode body) {}

  /**
   * {@code user} clicks an {@code Action.Execute} of the card the bot posted as activity
   * {@code replyToId} in {@code room}/{@code thread}: an {@code invoke} activity named
   * {@code adaptiveCard/action} whose value carries the action's verb and its data merged with
   * {@code inputs}, as Teams sends it; returns the invoke response.
   */
  public Answer invoke(String user, String room, String thread, String replyToId, JsonNode action, Map<String, String> inputs) {
    ObjectNode activity = messageActivity(nextActivityId(), user, room, thread, "");
    activity.put("type", "invoke").put("name", "adaptiveCard/action").put("replyToId", replyToId);
    activity.remove("text");
    activity.remove("textFormat");
    ObjectNode value = activity.putObject("value");
    ObjectNode executed = value.putObject("action").put("type", "Action.Execute").put("id", "")
        .put("verb", action.path("verb").asText());
    ObjectNode data = ((ObjectNode) action.path("data")).deepCopy();
    inputs.forEach(data::put);
    executed.set("data", data);
    value.put("trigger", "manual");
    HttpRequest request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json; charset=utf-8")
        .header("Authorization", "Bearer " + channelToken(c -> { }))
        .POST(HttpRequest.BodyPublishers.ofString(activity.toString())).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The id the connector gave an accepted post, as its response said. */
  public record Stored(String id, ConnectorPost post) {}
  public final List<Stored> stored = new CopyOnWriteArrayList<>();

  /** POSTs an activity signed as the Bot Framework would. */
  int deliver(JsonNode activity) {
    return deliver(activity, "Bearer " + channelToken(c -> { }));
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- FakePlatform ----

  @Override
  public Map<String, Object> adapterConfig() {
    return Map.of("type", "teams", "app_id", APP_ID, "app_password", APP_PASSWORD, "listen_host", "127.0.0.1",
        "listen_port", listenPort, "service_url", serviceUrl(),
        "token_url", url() + "/botframework.com/oauth2/v2.0/token",
        "openid_metadata_url", metadataUrl(),
        "reconnect_min_ms", 10, "reconnect_max_ms", 500);
  }

  /**
   * Teams delivers the message to the bot: a channel thread when {@code thread} is given, a
   * personal chat when {@code room} starts with {@code a:}, else a group chat; outside a personal
   * chat the bot is @mentioned, since Teams only delivers messages that mention it there.
   */
  @Override
  public String userSays(String user, String room, String thread, String text) {
    String id = nextActivityId();
    int status = deliver(messageActivity(id, user, room, thread, text));
    if (status != 200 && status != 202) {
      throw new IllegalStateException("the bot answered " + status + " to activity " + id);
    }
    return id;
  }

  @Override
  public List<Posted> posted() {
    return accepted.stream().map(FakeTeams::posted).toList();
  }

  private static Posted posted(ConnectorPost p) {
    return new Posted(TeamsText.room(p.conversationId()), TeamsText.thread(p.conversationId()),
        p.body().path("text").asText());
  }

  @Override
  public void close() {
    app.stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] bytes = n.toByteArray();
    return bytes[0] == 0 && bytes.length > 1 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
