package dev.squall.server.webchat;

import dev.squall.core.error.UnauthorizedException;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.Principal;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The browser chat: {@code GET /chat} (a page, no credentials needed to load it) and the
 * WebSocket {@code /chat/ws?x-auth-token=…} or {@code ?st2-api-key=…}. A connection without valid
 * credentials is refused at the upgrade with 401.
 */
public final class WebChat implements Resource {

  private static final String PRINCIPAL = "squall.webchat.principal";

  private final WebChatAdapter adapter;
  private final AuthService auth;
  private final boolean authEnabled;
  private final String page;

  public WebChat(WebChatAdapter adapter, AuthService auth, boolean authEnabled) {
    this.adapter = adapter;
    this.auth = auth;
    this.authEnabled = authEnabled;
    this.page = page();
  }

  @Override
  public void register(Routes routes) {
    routes.raw().get("/chat", ctx -> ctx.html(page));
    routes.raw().wsBeforeUpgrade("/chat/ws", ctx ->
        ctx.attribute(PRINCIPAL, authenticate(ctx.queryParam("x-auth-token"), ctx.queryParam("st2-api-key"))));
    routes.raw().ws("/chat/ws", ws -> {
      ws.onConnect(ctx -> {
        ctx.enableAutomaticPings();
        adapter.connected(ctx, principal(ctx).user());
      });
      ws.onMessage(ctx -> adapter.received(ctx, ctx.message()));
      ws.onClose(adapter::disconnected);
      ws.onError(adapter::disconnected);
    });
  }

  /** The principal found at the upgrade (checked again should the attribute not carry over). */
  private Principal principal(WsContext ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    return p != null ? p : authenticate(ctx.queryParam("x-auth-token"), ctx.queryParam("st2-api-key"));
  }

  private Principal authenticate(String token, String apiKey) {
    if (!authEnabled) {
      return Principal.internal("admin", true);
    }
    if (apiKey != null && !apiKey.isBlank()) {
      return auth.authenticateApiKey(apiKey.trim());
    }
    if (token != null && !token.isBlank()) {
      return auth.authenticateToken(token.trim());
    }
    throw new UnauthorizedException("Unauthorized - One of Token or API key required.");
  }

  private static String page() {
    try (InputStream in = WebChat.class.getResourceAsStream("chat.html")) {
      if (in == null) {
        throw new IllegalStateException("chat.html is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
