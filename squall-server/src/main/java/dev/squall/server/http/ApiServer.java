package dev.squall.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.InvalidParametersException;
import dev.squall.core.error.SquallException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on virtual threads, StackStorm's error body ({@code faultstring}) for
 * every failure, an {@code X-Request-ID} on every response, a body size cap. Errors are mapped
 * here and only here; no stack trace ever reaches a client (it goes to the log with the id).
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** Largest request body accepted (chat lines, parameters and pack files are far smaller). */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  private final Javalin app;
  private List<String> getPaths = List.of();
  private List<RouteInfo> routeTable = List.of();

  public ApiServer(ObjectMapper json, Authenticator auth, List<Resource> resources) {
    this.app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.jsonMapper(new JavalinJackson(json, true));
      config.http.maxRequestSize = MAX_BODY_BYTES;
      config.http.defaultContentType = "application/json";
      config.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
      config.startup.showJavalinBanner = false;
      config.router.ignoreTrailingSlashes = true;
      config.routes.before(ctx -> {
        String id = ctx.header("X-Request-ID");
        ctx.header("X-Request-ID", id != null && id.matches("[A-Za-z0-9._-]{1,100}")
            ? id : UUID.randomUUID().toString());
      });
      config.routes.exception(SquallException.class, (e, ctx) -> fault(ctx, e.httpStatus(), e.getMessage()));
      // Beside StackStorm's faultstring, which parameter each problem is about (the web UI's form).
      config.routes.exception(InvalidParametersException.class, (e, ctx) -> ctx.status(e.httpStatus())
          .json(Map.of("faultstring", e.getMessage(), "parameters", e.byParameter())));
      config.routes.exception(HttpResponseException.class, (e, ctx) -> fault(ctx, e.getStatus(), e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("request {} {} failed (X-Request-ID {})", ctx.method(), ctx.path(),
            ctx.res().getHeader("X-Request-ID"), e);
        fault(ctx, 500, "Internal Server Error");
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty()) {
          fault(ctx, 404, "The resource could not be found.");
        }
      });
      config.routes.error(405, ctx -> fault(ctx, 405, "The method is not allowed for the requested URL."));
      config.routes.error(413, ctx -> fault(ctx, 413,
          "Request body is larger than " + MAX_BODY_BYTES + " bytes"));
      Routes routes = new Routes(config.routes, auth);
      resources.forEach(r -> r.register(routes));
      getPaths = routes.getPaths();
      routeTable = routes.all();
    });
  }

  private static void fault(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("faultstring", message == null ? "Unknown error" : message));
  }

  /** The path of every GET route with an access check, e.g. {@code /api/v1/executions/{id}}. */
  public List<String> getPaths() {
    return getPaths;
  }

  /** Every route with its access and permission, for the authorization matrix test. */
  public List<RouteInfo> routes() {
    return routeTable;
  }

  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
