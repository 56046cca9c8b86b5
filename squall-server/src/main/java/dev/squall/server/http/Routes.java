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

  Routes(RoutesConfig routes, Authenticator auth) {
    this.routes = routes;
    this.auth = auth;
  }

  /** An API endpoint: {@code path} is relative to {@code /api/v1} (and {@code /v1}). */
  public void get(String path, Access access, Handler h) {
    for (String p : prefixed("/api/v1", path)) {
      getAndHead(p, access, h);
    }
  }

  public void post(String path, Access access, Handler h) {
    for (String p : prefixed("/api/v1", path)) {
      routes.post(p, guard(access, h));
    }
  }

  public void put(String path, Access access, Handler h) {
    for (String p : prefixed("/api/v1", path)) {
      routes.put(p, guard(access, h));
    }
  }

  public void delete(String path, Access access, Handler h) {
    for (String p : prefixed("/api/v1", path)) {
      routes.delete(p, guard(access, h));
    }
  }

  /** An endpoint of another StackStorm service, e.g. {@code ("/auth/v1", "/tokens")}. */
  public void service(String method, String proxyPrefix, String path, Access access, Handler h) {
    for (String p : prefixed(proxyPrefix, path)) {
      switch (method) {
        case "GET" -> getAndHead(p, access, h);
        case "POST" -> routes.post(p, guard(access, h));
        default -> throw new IllegalArgumentException(method);
      }
    }
  }

  /** One more path for an endpoint, exactly as given (e.g. StackStorm's {@code /api/v1/stream}). */
  public void exact(String method, String fullPath, Access access, Handler h) {
    switch (method) {
      case "GET" -> getAndHead(fullPath, access, h);
      case "POST" -> routes.post(fullPath, guard(access, h));
      default -> throw new IllegalArgumentException(method);
    }
  }

  /** The raw Javalin routes, for what does not fit the helpers above (SSE, WebSocket, pages). */
  public RoutesConfig raw() {
    return routes;
  }

  /** The paths of every GET route registered here (each answers HEAD too). */
  List<String> getPaths() {
    return List.copyOf(getPaths);
  }

  /**
   * A GET route and its HEAD. Javalin answers HEAD on a GET route itself, 200 without running
   * any handler, so without a HEAD route of our own a HEAD would skip the access check. The HEAD
   * runs the check only: a GET handler may stream forever or cost a query, and HEAD has no body.
   */
  private void getAndHead(String path, Access access, Handler h) {
    routes.get(path, guard(access, h));
    routes.head(path, guard(access, ctx -> { }));
    getPaths.add(path);
  }

  private static List<String> prefixed(String prefix, String path) {
    return List.of(prefix + path, "/v1" + path);
  }

  private Handler guard(Access access, Handler h) {
    if (access == Access.PUBLIC) {
      return h;
    }
    return ctx -> {
      auth.require(ctx, access);
      h.handle(ctx);
    };
  }
}
