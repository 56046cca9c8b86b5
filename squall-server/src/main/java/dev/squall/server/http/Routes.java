package dev.squall.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers an endpoint under every prefix StackStorm clients use: behind its proxy
 * ({@code /api/v1}, {@code /auth/v1}, {@code /stream/v1}) and as its services answer directly
 * ({@code /v1}). Each handler is wrapped with the access check it declares, so no route can be
 * added without saying who may call it.
 */
public final class Routes {

  private final RoutesConfig routes;
  private final Authenticator auth;
  private final List<String> getPaths = new ArrayList<>();
  private final List<RouteInfo> all = new ArrayList<>();

  Routes(RoutesConfig routes, Authenticator auth) {
    this.routes = routes;
    this.auth = auth;
  }

  /** An API endpoint: {@code path} is relative to {@code /api/v1} (and {@code /v1}). */
  public void get(String path, Access access, Handler h) {
    Permission need = need("GET", path, access);
    for (String p : prefixed("/api/v1", path)) {
      getAndHead(p, access, need, h);
    }
  }

  public void post(String path, Access access, Handler h) {
    Permission need = need("POST", path, access);
    for (String p : prefixed("/api/v1", path)) {
      routes.post(p, guard("POST", p, access, need, h));
    }
  }

  public void put(String path, Access access, Handler h) {
    Permission need = need("PUT", path, access);
    for (String p : prefixed("/api/v1", path)) {
      routes.put(p, guard("PUT", p, access, need, h));
    }
  }

  public void delete(String path, Access access, Handler h) {
    Permission need = need("DELETE", path, access);
    for (String p : prefixed("/api/v1", path)) {
      routes.delete(p, guard("DELETE", p, access, need, h));
    }
  }

  /** An endpoint of another StackStorm service, e.g. {@code ("/auth/v1", "/tokens")}. */
  public void service(String method, String proxyPrefix, String path, Access access, Handler h) {
    Permission need = need(method, path, access);
    for (String p : prefixed(proxyPrefix, path)) {
      switch (method) {
        case "GET" -> getAndHead(p, access, need, h);
        case "POST" -> routes.post(p, guard(method, p, access, need, h));
        default -> throw new IllegalArgumentException(method);
      }
    }
  }

  /** One more path for an endpoint, exactly as given (e.g. StackStorm's {@code /api/v1/stream}). */
  public void exact(String method, String fullPath, Access access, Handler h) {
    Permission need = need(method, fullPath, access);
    switch (method) {
      case "GET" -> getAndHead(fullPath, access, need, h);
      case "POST" -> routes.post(fullPath, guard(method, fullPath, access, need, h));
      default -> throw new IllegalArgumentException(method);
    }
  }

  /** The raw Javalin routes, for what does not fit the helpers above (SSE, WebSocket, pages). */
  public RoutesConfig raw() {
    return routes;
  }

  /** The paths of every GET route with an access check registered here (each answers HEAD too). */
  List<String> getPaths() {
    return List.copyOf(getPaths);
  }

  /** Every route registered here with its access and permission (HEAD routes aside). */
  List<RouteInfo> all() {
    return List.copyOf(all);
  }

  /**
   * A GET route and its HEAD. Javalin answers HEAD on a GET route itself, 200 without running
   * any handler, so without a HEAD route of our own a HEAD would skip the access check. The HEAD
   * runs the check only: a GET handler may stream forever or cost a query, and HEAD has no body.
   */
  private void getAndHead(String path, Access access, Permission need, Handler h) {
    routes.get(path, guard("GET", path, access, need, h));
    routes.head(path, guard(null, path, access, need, ctx -> { }));
    if (access != Access.PUBLIC) {
      getPaths.add(path);
    }
  }

  private Permission need(String method, String path, Access access) {
    return access == Access.USER ? auth.permission(method, path) : null;
  }

  private static List<String> prefixed(String prefix, String path) {
    return List.of(prefix + path, "/v1" + path);
  }

  private Handler guard(String method, String path, Access access, Permission need, Handler h) {
    if (method != null) {
      all.add(new RouteInfo(method, path, access, need));
    }
    if (access == Access.PUBLIC) {
      return h;
    }
    return ctx -> {
      auth.require(ctx, access, need);
      h.handle(ctx);
    };
  }
}
