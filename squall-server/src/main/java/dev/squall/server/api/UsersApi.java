package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.auth.User;
import dev.squall.engine.rbac.Authorizer;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Role;
import dev.squall.engine.rbac.Target;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/user} (StackStorm's "who am I", what {@code st2 whoami} reads) and
 * {@code /api/v1/users}, a Squall extension for administrators: list, create, disable or enable,
 * set a password, give roles, declare groups (for rbac/mappings), delete.
 */
public final class UsersApi implements Resource {

  private final AuthService auth;
  private final Authorizer rbac;
  private final ObjectMapper json;

  public UsersApi(AuthService auth, Authorizer rbac, ObjectMapper json) {
    this.auth = auth;
    this.rbac = rbac;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/user", Access.USER, this::whoami);
    routes.get("/users", Access.ADMIN, ctx -> ctx.json(Paging.of(ctx).page(
        auth.listUsers().stream().map(this::view).toList(), ctx)));
    routes.get("/users/{name}", Access.ADMIN, ctx -> ctx.json(view(user(ctx.pathParam("name")))));
    routes.post("/users", Access.ADMIN, this::create);
    routes.put("/users/{name}", Access.ADMIN, this::update);
    routes.delete("/users/{name}", Access.ADMIN, ctx -> {
      auth.deleteUser(ctx.pathParam("name"));
      ctx.status(204);
    });
  }

  /** st2's user controller: username, how the caller authenticated, and RBAC's view of them. */
  private void whoami(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Map<String, Object> authentication = new LinkedHashMap<>();
    authentication.put("method", p.via().equals("api_key") ? "api key" : "authentication token");
    boolean inHeader = ctx.header("X-Auth-Token") != null || ctx.header("St2-Api-Key") != null;
    authentication.put("location", inHeader ? "header" : "query string");
    // st2 whoami prints it for a token (and fails without it), in st2's format.
    String token = ctx.header("X-Auth-Token") != null ? ctx.header("X-Auth-Token") : ctx.queryParam("x-auth-token");
    if (p.via().equals("token") && token != null) {
      auth.tokenExpiry(token).ifPresent(expiry -> authentication.put("token_expire",
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(expiry)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", p.user());
    out.put("authentication", authentication);
    // As st2: no roles are listed while RBAC is off.
    Map<String, Object> rbacView = new LinkedHashMap<>();
    rbacView.put("enabled", rbac.enabled());
    rbacView.put("roles", rbac.enabled() ? rbac.rolesOf(p.user()) : List.of());
    rbacView.put("is_admin", rbac.isAdmin(p));
    // A Squall addition: the global permissions (every *_list among them) the caller holds, so that
    // a client (the web UI's navigation) shows what the server would answer rather than guessing.
    rbacView.put("permissions", Arrays.stream(PermissionType.values()).filter(PermissionType::global)
        .filter(t -> rbac.allowed(p, t, Target.GLOBAL)).map(PermissionType::value).sorted().toList());
    out.put("rbac", rbacView);
    ctx.json(out);
  }

  private void create(Context ctx) {
    Body body = Body.parse(json, ctx.body(), Set.of("name", "password", "admin", "roles", "groups"));
    String name = body.string("name", true);
    List<String> roles = roles(body);
    Boolean admin = body.bool("admin");
    auth.createUser(name, body.string("password", false), Boolean.TRUE.equals(admin) || administrator(roles), roles);
    if (body.has("groups")) {
      auth.setGroups(name, groups(body));
    }
    ctx.status(201).json(view(user(name)));
  }

  private void update(Context ctx) {
    String name = ctx.pathParam("name");
    user(name);
    Body body = Body.parse(json, ctx.body(), Set.of("password", "enabled", "roles", "groups"));
    String password = body.string("password", false);
    if (password != null) {
      if (password.isEmpty()) {
        throw new BadRequestException("password must not be empty");
      }
      auth.setPassword(name, password);
    }
    if (body.has("roles")) {
      auth.setRoles(name, roles(body));
    }
    if (body.has("groups")) {
      auth.setGroups(name, groups(body));
    }
    Boolean enabled = body.bool("enabled");
    if (enabled != null) {
      auth.setEnabled(name, enabled);
    }
    ctx.json(view(user(name)));
  }

  private List<String> roles(Body body) {
    List<Object> raw = body.has("roles") ? body.list("roles") : List.of();
    List<String> roles = raw.stream().map(String::valueOf).toList();
    for (String r : roles) {
      rbac.role(r).orElseThrow(() -> new BadRequestException("Role \"" + r + "\" does not exist"));
    }
    return roles;
  }

  /** The groups rbac/mappings give roles to (Squall has no LDAP: an administrator declares them). */
  private static List<String> groups(Body body) {
    return body.list("groups").stream().map(String::valueOf).toList();
  }

  private static boolean administrator(List<String> roles) {
    return roles.contains(Role.ADMIN) || roles.contains(Role.SYSTEM_ADMIN);
  }

  private User user(String name) {
    return auth.user(name).orElseThrow(() -> new NotFoundException("User \"" + name + "\" not found"));
  }

  private Map<String, Object> view(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("enabled", u.enabled());
    m.put("is_admin", u.admin());
    m.put("has_password", u.hasPassword());
    m.put("roles", rbac.rolesOf(u.name()));
    m.put("groups", u.groups());
    m.put("created_at", u.created().toString());
    return m;
  }
}
