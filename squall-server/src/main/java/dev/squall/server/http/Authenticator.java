package dev.squall.server.http;

import dev.squall.core.error.ForbiddenException;
import dev.squall.core.error.UnauthorizedException;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.rbac.Authorizer;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * Finds and checks a request's credentials, in StackStorm's forms: the {@code X-Auth-Token} or
 * {@code St2-Api-Key} header, or the {@code x-auth-token} / {@code st2-api-key} query parameter
 * (what browsers' EventSource and hubot's stream use). The principal is kept on the request.
 */
public final class Authenticator {

  private static final String PRINCIPAL = "squall.principal";
  private static final String RECHECK = "squall.recheck";
  private static final String AUTHORIZER = "squall.authorizer";

  private final AuthService auth;
  private final boolean enabled;
  private final Authorizer rbac;
  private final ApiPermissions permissions;

  public Authenticator(AuthService auth, boolean enabled, Authorizer rbac, ApiPermissions permissions) {
    this.auth = auth;
    this.enabled = enabled;
    this.rbac = rbac;
    this.permissions = permissions;
  }

  /** What a user route needs; a route without an entry is a programming error, found at start. */
  Permission permission(String method, String path) {
    return permissions.of(method, path).orElseThrow(() -> new IllegalStateException(
        "route " + method + " " + path + " declares no permission in ApiPermissions"));
  }

  /**
   * Authenticates the request, then authorizes it: administrators' routes need an administrator
   * (the admin flag or the admin/system_admin role), user routes their {@code permission}.
   */
  void require(Context ctx, Access access, Permission permission) {
    Supplier<Principal> credential = credential(ctx);
    Supplier<Principal> check = () -> {
      Principal found = credential.get();
      Principal p = found.admin() || !rbac.isAdmin(found) ? found : new Principal(found.user(), true, found.via());
      if (access == Access.ADMIN && !p.admin()) {
        throw new ForbiddenException("User \"" + p.user() + "\" is not an administrator");
      }
      return p;
    };
    Principal p = check.get();
    ctx.attribute(PRINCIPAL, p); // before the check: a denial is audited with who was denied
    if (access == Access.USER && permission.type() != null) {
      rbac.check(p, permission.type(), permission.target().apply(ctx));
    }
    ctx.attribute(RECHECK, check);
    ctx.attribute(AUTHORIZER, rbac);
  }

  /** The authorization service, for handlers that narrow what they show (lists, streams). */
  public static Authorizer authorizer(Context ctx) {
    Authorizer a = ctx.attribute(AUTHORIZER);
    if (a == null) {
      throw new IllegalStateException("no authorizer: route registered without an access check");
    }
    return a;
  }

  /**
   * Checks the request's credential again, for requests that outlive it (streams): throws
   * {@link UnauthorizedException} once the API key or token is deleted, disabled or expired, or
   * its user is gone, and {@link ForbiddenException} once an administrator route's user is not one.
   */
  public static void recheck(Context ctx) {
    Supplier<Principal> check = ctx.attribute(RECHECK);
    if (check == null) {
      throw new IllegalStateException("no credential: route registered without an access check");
    }
    check.get();
  }

  /**
   * Whether the caller holds {@code type} on {@code target}, by the one Authorizer: what a list
   * keeps, so a user is listed only what they may view (executions, actions, aliases, rules,
   * packs, sensors, policies), or the actions they may run.
   */
  public static boolean may(Context ctx, PermissionType type, Target target) {
    Principal p = principal(ctx);
    return p.admin() || authorizer(ctx).allowed(p, type, target);
  }

  /** The authenticated caller of a request that passed an access check. */
  public static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("no principal: route registered without an access check");
    }
    return p;
  }

  /** The caller of a request that passed an access check; empty for a public or refused one. */
  public static java.util.Optional<Principal> principalIfAny(Context ctx) {
    return java.util.Optional.ofNullable(ctx.attribute(PRINCIPAL));
  }

  /** The request's credential, as a check that can be run again while the request lasts. */
  private Supplier<Principal> credential(Context ctx) {
    if (!enabled) {
      return () -> Principal.internal("admin", true);
    }
    String key = first(ctx.header("St2-Api-Key"), ctx.queryParam("st2-api-key"));
    if (key != null) {
      return () -> auth.authenticateApiKey(key);
    }
    String token = first(ctx.header("X-Auth-Token"), ctx.queryParam("x-auth-token"));
    if (token != null) {
      return () -> auth.authenticateToken(token);
    }
    throw new UnauthorizedException("Unauthorized - One of Token or API key required.");
  }

  private static String first(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    return b != null && !b.isBlank() ? b.trim() : null;
  }
}
