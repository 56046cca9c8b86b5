package dev.squall.server.chatlink;

import dev.squall.core.error.SquallException;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.ChatLink;
import dev.squall.engine.auth.ChatLinks;
import dev.squall.server.http.ClientAddress;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /link/{token}}: the page {@code !link} sends a chat user to. GET shows a login form for
 * the chat identity the token was issued to; POST with {@code username} and {@code password}
 * checks them as a login does (throttled per user and address) and, when right, uses the token
 * up and links that chat identity to the user. The token is the only credential in the URL, so
 * the page is never cached and sends no referrer.
 */
public final class LinkPage implements Resource {

  private static final Logger LOG = LoggerFactory.getLogger(LinkPage.class);

  private final AuthService auth;
  private final ChatLinks links;
  private final ClientAddress addresses;

  public LinkPage(AuthService auth, ChatLinks links, ClientAddress addresses) {
    this.auth = auth;
    this.links = links;
    this.addresses = addresses;
  }

  @Override
  public void register(Routes routes) {
    routes.raw().get("/link/{token}", this::form);
    routes.raw().post("/link/{token}", this::login);
  }

  private void form(Context ctx) {
    headers(ctx);
    links.pending(ctx.pathParam("token")).ifPresentOrElse(
        identity -> ctx.html(page("Link " + identity, form(identity, null))),
        () -> ctx.status(404).html(page("Link not valid", "<p>" + esc(ChatLinks.invalid().getMessage()) + "</p>")));
  }

  private void login(Context ctx) {
    headers(ctx);
    String token = ctx.pathParam("token");
    String identity = links.pending(token).orElse(null);
    if (identity == null) {
      ctx.status(404).html(page("Link not valid", "<p>" + esc(ChatLinks.invalid().getMessage()) + "</p>"));
      return;
    }
    String user = ctx.formParam("username");
    String password = ctx.formParam("password");
    try {
      auth.verifyPassword(user == null ? "" : user.strip(), password == null ? "" : password, addresses.of(ctx));
      ChatLink link = links.redeem(token, user.strip());
      LOG.info("chat identity {} linked to user \"{}\" through its link page", link.identity(), link.user());
      ctx.html(page("Linked", "<p>Done: " + esc(link.identity()) + " now runs as Squall user <b>"
          + esc(link.user()) + "</b>. You can close this page and go back to the chat.</p>"));
    } catch (SquallException e) {
      ctx.status(e.httpStatus()).html(page("Link " + identity, form(identity, e.getMessage())));
    }
  }

  private static void headers(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  }

  private static String form(String identity, String error) {
    return "<p>Log in with your Squall user: from then on the chat user <b>" + esc(identity)
        + "</b> runs as you.</p>"
        + (error == null ? "" : "<p class=\"error\">" + esc(error) + "</p>")
        + "<form method=\"post\"><label>User <input name=\"username\" autocomplete=\"username\" required></label>"
        + "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
        + "</label><button type=\"submit\">Log in and link</button></form>";
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Squall — " + esc(title) + "</title>"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
        + "body{font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em}"
        + "label{display:block;margin:.8em 0}input{display:block;width:100%;padding:.3em}"
        + ".error{color:#b00}</style></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
