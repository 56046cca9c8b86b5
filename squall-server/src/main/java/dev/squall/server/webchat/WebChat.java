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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser chat: {@code GET /chat} (a page, no credentials needed to load it) and the
 * WebSocket {@code /chat/ws?x-auth-token=…} or {@code ?st2-api-key=…}. A connection without valid
 * credentials is refused at the upgrade with 401.
 *
 * <p>A chat session lasts only as long as its credential: every incoming message checks the
 * connection's token or API key again (one indexed lookup of its SHA-256 digest, no cache, so a
 * revocation takes effect at the next message), and a connection whose credential has expired,
 * been deleted or disabled, or whose user is gone is closed with {@link #CREDENTIALS_GONE}
 * instead of running the command. When the check itself cannot be made (the database is down),
 * the message is not run either and the connection is closed with 1011.
 */
public final class WebChat implements Resource {

  private static final String PRINCIPAL = "squall.webchat.principal";

  /** The close code for a connection whose credential is no longer valid (HTTP 401's twin). */
  public static final int CREDENTIALS_GONE = 4401;
  private static final Logger LOG = LoggerFactory.getLogger(WebChat.class);

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
      ws.onMessage(ctx -> {
        if (stillAuthenticated(ctx)) {
          adapter.received(ctx, ctx.message());
        }
      });
      ws.onClose(adapter::disconnected);
      ws.onError(adapter::disconnected);
    });
  }

  /** The principal found at the upgrade (checked again should the attribute not carry over). */
  private Principal principal(WsContext ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    return p != null ? p : authenticate(ctx.queryParam("x-auth-token"), ctx.queryParam("st2-api-key"));
  }

  /**
   * Checks the connection's credential again; when it no longer holds, closes the connection
   * (never running the message) and returns false. The credential is the one in the upgrade's
   * query string, which the connection keeps for its whole life.
   */
  private boolean stillAuthenticated(WsContext ctx) {
    if (!authEnabled) {
      return true;
    }
    String apiKey = ctx.queryParam("st2-api-key");
    boolean byKey = apiKey != null && !apiKey.isBlank();
    try {
      Principal now = authenticate(ctx.queryParam("x-auth-token"), apiKey);
      if (now.user().equals(principal(ctx).user())) {
        return true;
      }
    } catch (UnauthorizedException e) {
      // expired, revoked, disabled, or its user deleted: end the session below
    } catch (RuntimeException e) {
      LOG.warn("web chat: cannot check the credentials of {}", ctx.sessionId(), e);
      close(ctx, 1011, "cannot check your credentials right now; reconnect later");
      return false;
    }
    close(ctx, CREDENTIALS_GONE, byKey
        ? "API key revoked or disabled; reconnect with a valid key"
        : "token expired or revoked; log in again");
    return false;
  }

  private void close(WsContext ctx, int code, String reason) {
    adapter.disconnected(ctx);
    ctx.closeSession(code, reason);
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
