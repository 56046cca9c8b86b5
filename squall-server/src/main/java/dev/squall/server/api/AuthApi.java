package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.UnauthorizedException;
import dev.squall.engine.auth.ApiKey;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.Token;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.ClientAddress;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /auth/v1/tokens} (Basic auth → token, 201, as hubot-stackstorm expects) and
 * {@code /api/v1/apikeys} (the key itself is shown once, in the creation response).
 */
public final class AuthApi implements Resource {

  private final AuthService auth;
  private final ObjectMapper json;
  private final ClientAddress clients;

  public AuthApi(AuthService auth, ObjectMapper json, ClientAddress clients) {
    this.auth = auth;
    this.json = json;
    this.clients = clients;
  }

  @Override
  public void register(Routes routes) {
    routes.service("POST", "/auth/v1", "/tokens", Access.PUBLIC, this::createToken);
    // st2client and hubot post to <ST2_AUTH_URL>/tokens with no version, e.g. /auth/tokens.
    routes.exact("POST", "/auth/tokens", Access.PUBLIC, this::createToken);
    routes.exact("POST", "/tokens", Access.PUBLIC, this::createToken);
    routes.service("POST", "/auth/v1", "/tokens/validate", Access.USER, this::validate);
    routes.get("/apikeys", Access.USER, this::listKeys);
    routes.get("/apikeys/{id}", Access.USER, this::getKey);
    routes.post("/apikeys", Access.USER, this::createKey);
    routes.delete("/apikeys/{id}", Access.USER, this::deleteKey);
  }

  private void createToken(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new UnauthorizedException("Authorization header with Basic credentials is required");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UnauthorizedException("Authorization header is not valid Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new UnauthorizedException("Authorization header is not valid Basic credentials");
    }
    Body body = Body.parse(json, ctx.body(), Set.of("ttl", "user", "impersonate_user", "nickname_origin"));
    Integer ttl = body.integer("ttl");
    Token t = auth.login(decoded.substring(0, colon), decoded.substring(colon + 1),
        ttl == null ? null : Duration.ofSeconds(ttl), clients.of(ctx));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", t.id());
    out.put("user", t.user());
    out.put("token", t.token());
    out.put("expiry", t.expiry().toString());
    out.put("metadata", Map.of());
    ctx.status(201).json(out);
  }

  /** StackStorm's token check: whether a token is valid now; the caller needs a credential of its own. */
  private void validate(Context ctx) {
    String token = Body.parse(json, ctx.body(), Set.of("token")).string("token", true);
    boolean valid;
    try {
      auth.authenticateToken(token);
      valid = true;
    } catch (UnauthorizedException invalid) {
      valid = false;
    }
    ctx.json(Map.of("valid", valid));
  }

  private void listKeys(Context ctx) {
    var p = Authenticator.principal(ctx);
    var keys = auth.listApiKeys(p.admin() ? null : p.user()).stream().map(AuthApi::view).toList();
    ctx.json(Paging.of(ctx).page(keys, ctx));
  }

  private void getKey(Context ctx) {
    var p = Authenticator.principal(ctx);
    ApiKey k = auth.apiKey(ctx.pathParam("id"))
        .filter(key -> p.admin() || key.user().equals(p.user()))
        .orElseThrow(() -> new dev.squall.core.error.NotFoundException(
            "ApiKey with id \"" + ctx.pathParam("id") + "\" not found"));
    ctx.json(view(k));
  }

  private void createKey(Context ctx) {
    var p = Authenticator.principal(ctx);
    Body body = Body.parse(json, ctx.body(), Set.of("user", "metadata", "enabled"));
    String user = body.string("user", false);
    if (user != null && !user.equals(p.user()) && !p.admin()) {
      throw new dev.squall.core.error.ForbiddenException("Only an administrator may create API keys for another user");
    }
    ApiKey k = auth.createApiKey(user == null ? p.user() : user, body.object("metadata"));
    Map<String, Object> out = view(k);
    out.put("key", k.key());
    ctx.status(201).json(out);
  }

  private void deleteKey(Context ctx) {
    var p = Authenticator.principal(ctx);
    String id = ctx.pathParam("id");
    auth.apiKey(id).filter(key -> p.admin() || key.user().equals(p.user()))
        .orElseThrow(() -> new dev.squall.core.error.NotFoundException("ApiKey with id \"" + id + "\" not found"));
    auth.deleteApiKey(id);
    ctx.status(204);
  }

  private static Map<String, Object> view(ApiKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("user", k.user());
    m.put("enabled", k.enabled());
    m.put("created_at", k.created().toString());
    m.put("metadata", k.metadata());
    m.put("key_hash", "********");
    return m;
  }
}
