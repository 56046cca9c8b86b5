package dev.squall.server.api;

import dev.squall.core.error.NotOfferedException;
import dev.squall.server.http.Access;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The endpoints of StackStorm's API that Squall answers with 501 and a faultstring saying why and
 * what to use: content Squall reads from pack files only (so the files stay the one truth, and a
 * pack reload cannot undo an API edit), things it has not built yet, and single sign-on, which
 * needs an identity provider Squall does not integrate. {@code GET /auth/v1/sso} answers as
 * StackStorm's does without SSO ({@code enabled: false}), so st2web shows its login form.
 * Every such route is for any signed-in user: it changes nothing and tells nothing.
 */
public final class NotOfferedApi implements Resource {

  @Override
  public void register(Routes routes) {
    user(routes, "POST /actions/{ref}/clone", "Cloning an action is not offered: create the copy with"
        + " POST /api/v1/actions (or write it under packs/<pack>/actions/)");
    for (String p : new String[] {"POST /triggertypes", "PUT /triggertypes/{ref}", "DELETE /triggertypes/{ref}"}) {
      user(routes, p, "Trigger types are StackStorm's system ones (core.st2.*) and those packs declare"
          + " in packs/<pack>/triggers/; they are not changed through the API");
    }
    for (String p : new String[] {"POST /triggers", "PUT /triggers/{id}", "DELETE /triggers/{id}"}) {
      user(routes, p, "A trigger is the trigger section of a rule (packs/<pack>/rules/); Squall has no"
          + " triggers apart from rules");
    }
    user(routes, "PUT /runnertypes/{name}", "Runner types are built into Squall; a runner that cannot run"
        + " here is shown with enabled: false and is not switched through the API");
    user(routes, "PUT /apikeys/{id}", "API keys are not changed in place in Squall: create a new one"
        + " (POST /api/v1/apikeys) and delete the old (DELETE /api/v1/apikeys/{id})");
    user(routes, "POST /workflows/inspect", "Workflow inspection is not offered: Squall checks a workflow"
        + " when its pack loads and reports errors in `squall pack list` and the server log");
    String sso = "Single sign-on is not offered: Squall integrates no SAML or OIDC identity provider."
        + " Sign in with a user and password (POST /auth/v1/tokens) or use an API key";
    routes.service("GET", "/auth/v1", "/sso", Access.PUBLIC, ctx -> ctx.json(Map.of("enabled", false)));
    routes.service("GET", "/auth/v1", "/sso/request", Access.PUBLIC, refuse(sso));
    routes.service("POST", "/auth/v1", "/sso/callback", Access.PUBLIC, refuse(sso));
  }

  private static void user(Routes routes, String route, String why) {
    String method = route.substring(0, route.indexOf(' '));
    String path = route.substring(route.indexOf(' ') + 1);
    switch (method) {
      case "GET" -> routes.get(path, Access.USER, refuse(why));
      case "POST" -> routes.post(path, Access.USER, refuse(why));
      case "PUT" -> routes.put(path, Access.USER, refuse(why));
      case "DELETE" -> routes.delete(path, Access.USER, refuse(why));
      default -> throw new IllegalArgumentException(route);
    }
  }

  private static Handler refuse(String why) {
    return ctx -> {
      throw new NotOfferedException(why);
    };
  }
}
