package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ForbiddenException;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.datastore.Datastore;
import dev.squall.engine.datastore.KeyValuePair;
import dev.squall.engine.datastore.KeyValuePair.Scope;
import dev.squall.engine.rbac.Authorizer;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/keys}: StackStorm's datastore API. Secrets are shown encrypted unless the caller
 * asks for {@code decrypt=true} and may read them in clear (an admin, or the owner of a user key).
 * As in StackStorm 3.9, a user always has its own {@code st2kv.user} keys; a system key needs a
 * grant on it, {@code key_value_pair_view|set|delete|all} on {@code key_value_pair:st2kv.system:NAME}
 * (a list shows only the system keys the caller may view).
 */
public final class KeysApi implements Resource {

  private static final Set<String> FIELDS =
      Set.of("name", "value", "secret", "encrypted", "ttl", "scope", "user", "description", "id");

  private final Datastore store;
  private final Authorizer rbac;
  private final ObjectMapper json;

  public KeysApi(Datastore store, Authorizer rbac, ObjectMapper json) {
    this.store = store;
    this.rbac = rbac;
    this.json = json;
  }

  /** StackStorm's name for "every scope", which only listing accepts. */
  private static final Set<String> ALL_SCOPES = Set.of("all", "st2kv.all");

  @Override
  public void register(Routes routes) {
    routes.get("/keys", Access.USER, this::list);
    routes.get("/keys/{name}", Access.USER, this::get);
    routes.put("/keys/{name}", Access.USER, this::put);
    routes.delete("/keys/{name}", Access.USER, this::delete);
  }

  private void list(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    String asked = ctx.queryParam("scope");
    // `scope=all`, st2 key list's default: the system keys and the caller's (or asked user's) own.
    List<Scope> scopes = asked != null && ALL_SCOPES.contains(asked.trim())
        ? List.of(Scope.SYSTEM, Scope.USER) : List.of(Scope.parse(asked));
    List<Map<String, Object>> items = new ArrayList<>();
    for (Scope scope : scopes) {
      String owner = owner(p, scope, ctx.queryParam("user"));
      // With every scope, a user's decrypt=true reads their own secrets, not the system's.
      boolean decrypt = (scopes.size() == 1 || scope == Scope.USER || p.admin()) && decrypt(ctx, p, scope, owner);
      store.list(scope, owner, ctx.queryParam("prefix"), decrypt).stream()
          .filter(kv -> scope == Scope.USER || rbac.allowed(p, PermissionType.KEY_VALUE_PAIR_VIEW, system(kv.name())))
          .map(KeysApi::view).forEach(items::add);
    }
    ctx.json(Paging.of(ctx).page(items, ctx));
  }

  private void get(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Scope scope = Scope.parse(ctx.queryParam("scope"));
    String owner = owner(p, scope, ctx.queryParam("user"));
    if (scope == Scope.SYSTEM) {
      rbac.check(p, PermissionType.KEY_VALUE_PAIR_VIEW, system(ctx.pathParam("name")));
    }
    ctx.json(view(store.get(scope, owner, ctx.pathParam("name"), decrypt(ctx, p, scope, owner))));
  }

  private void put(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Body body = Body.parse(json, ctx.body(), FIELDS);
    Scope scope = Scope.parse(body.string("scope", false));
    if (scope == Scope.SYSTEM) {
      rbac.check(p, PermissionType.KEY_VALUE_PAIR_SET, system(ctx.pathParam("name")));
    }
    String owner = owner(p, scope, body.string("user", false));
    Object value = body.asMap().get("value");
    if (value != null && !(value instanceof String)) {
      throw new BadRequestException(value + " is not of type 'string' (field 'value')");
    }
    Integer ttl = body.integer("ttl");
    KeyValuePair kv = store.set(scope, owner, ctx.pathParam("name"), (String) value,
        Boolean.TRUE.equals(body.bool("secret")), body.string("description", false),
        ttl == null ? null : Duration.ofSeconds(ttl));
    ctx.json(view(kv));
  }

  private void delete(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Scope scope = Scope.parse(ctx.queryParam("scope"));
    if (scope == Scope.SYSTEM) {
      rbac.check(p, PermissionType.KEY_VALUE_PAIR_DELETE, system(ctx.pathParam("name")));
    }
    store.delete(scope, owner(p, scope, ctx.queryParam("user")), ctx.pathParam("name"));
    ctx.status(204);
  }

  private static Target system(String name) {
    return Target.key(Scope.SYSTEM.wire(), name);
  }

  /** The owner of a user-scoped key: the caller, or another user when an admin asks. */
  private String owner(Principal p, Scope scope, String requested) {
    if (scope == Scope.SYSTEM) {
      return null;
    }
    if (requested == null || requested.equals(p.user())) {
      return p.user();
    }
    if (!rbac.isAdmin(p)) {
      throw new ForbiddenException("Only an administrator may access another user's keys");
    }
    return requested;
  }

  private boolean decrypt(Context ctx, Principal p, Scope scope, String owner) {
    if (!"true".equalsIgnoreCase(ctx.queryParam("decrypt"))) {
      return false;
    }
    boolean allowed = rbac.isAdmin(p) || scope == Scope.USER && p.user().equals(owner);
    if (!allowed) {
      throw new ForbiddenException("Decrypting system-scoped secrets requires an administrator");
    }
    return true;
  }

  private static Map<String, Object> view(KeyValuePair kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", kv.scope().wire() + ":" + (kv.owner().isEmpty() ? "" : kv.owner() + ":") + kv.name());
    m.put("name", kv.name());
    m.put("value", kv.value());
    m.put("secret", kv.secret());
    m.put("encrypted", kv.secret());
    m.put("scope", kv.scope().wire());
    if (!kv.owner().isEmpty()) {
      m.put("user", kv.owner());
    }
    if (kv.description() != null) {
      m.put("description", kv.description());
    }
    if (kv.expiresAt() != null) {
      m.put("expire_timestamp", kv.expiresAt().toString());
    }
    return m;
  }
}
