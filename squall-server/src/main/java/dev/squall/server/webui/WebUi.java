package dev.squall.server.webui;

import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web UI: {@code GET /} serves its page and {@code GET /ui/<file>} its scripts and styles,
 * plain files inside the jar (no build step, no CDN). They need no credentials: the page logs in
 * through the public API ({@code POST /auth/v1/tokens}) and reads everything else through it with
 * the token, so it shows exactly what the API lets that user see.
 */
public final class WebUi implements Resource {

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");

  private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

  @Override
  public void register(Routes routes) {
    routes.raw().get("/", ctx -> serve(ctx, "index.html"));
    routes.raw().get("/ui/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
  }

  private void serve(Context ctx, String name) {
    String type = name.matches("[a-z][a-z0-9-]*\\.[a-z]+") ? TYPES.get(name.substring(name.lastIndexOf('.') + 1)) : null;
    byte[] body = type == null ? null : files.computeIfAbsent(name, WebUi::read).orElse(null);
    if (body == null) {
      ctx.status(404).json(Map.of("faultstring", "The resource could not be found."));
      return;
    }
    // The page always asks again (a new release takes effect at once); the files are small.
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    // Nothing but this server: no script, style, image or connection elsewhere, no framing.
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    ctx.contentType(type).result(body);
  }

  private static Optional<byte[]> read(String name) {
    try (InputStream in = WebUi.class.getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
