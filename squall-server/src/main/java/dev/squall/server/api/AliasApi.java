package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasHelp;
import dev.squall.core.alias.AliasMatch;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ForbiddenException;
import dev.squall.core.pack.AliasDocuments;
import dev.squall.engine.alias.AliasCommand;
import dev.squall.engine.alias.AliasExecutor;
import dev.squall.engine.alias.AliasRegistry;
import dev.squall.engine.alias.AliasView;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Action aliases over StackStorm's API: {@code /actionalias} (CRUD, {@code match}, {@code help})
 * and {@code /aliasexecution} (with {@code match_and_execute}), with its bodies and messages.
 */
public final class AliasApi implements Resource {

  private static final Set<String> EXECUTION_FIELDS = Set.of("name", "format", "command", "user",
      "source_channel", "source_context", "notification_route", "notification_channel");
  private static final Set<String> MATCH_AND_EXECUTE_FIELDS = Set.of("command", "user",
      "source_channel", "notification_route", "notification_channel");

  private final AliasExecutor executor;
  private final AliasRegistry registry;
  private final ExecutionView view;
  private final ObjectMapper json;

  public AliasApi(AliasExecutor executor, ExecutionView view, ObjectMapper json) {
    this.executor = executor;
    this.registry = executor.registry();
    this.view = view;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/actionalias/help", Access.USER, this::help);
    routes.post("/actionalias/match", Access.USER, this::match);
    routes.get("/actionalias", Access.USER, this::list);
    routes.get("/actionalias/{ref}", Access.USER, ctx -> ctx.json(AliasView.of(registry.get(ctx.pathParam("ref")))));
    routes.post("/actionalias", Access.ADMIN, ctx ->
        ctx.status(201).json(AliasView.of(registry.create(AliasDocuments.parse(ctx.body())))));
    routes.put("/actionalias/{ref}", Access.ADMIN, this::update);
    routes.delete("/actionalias/{ref}", Access.ADMIN, ctx -> {
      registry.delete(ctx.pathParam("ref"));
      ctx.status(204);
    });
    routes.post("/aliasexecution/match_and_execute", Access.USER, this::matchAndExecute);
    routes.post("/aliasexecution", Access.USER, this::execute);
  }

  private void list(Context ctx) {
    String name = ctx.queryParam("name");
    String pack = ctx.queryParam("pack");
    if ("0".equals(ctx.queryParam("limit"))) {
      throw new BadRequestException("Limit, \"0\" specified, must be a positive number or -1 for full result set.");
    }
    List<Map<String, Object>> all = registry.all().stream()
        .filter(a -> name == null || a.name().equals(name))
        .filter(a -> pack == null || a.pack().equals(pack))
        .filter(a -> Authenticator.may(ctx, PermissionType.ACTION_ALIAS_VIEW, Target.alias(a.ref())))
        .map(AliasView::of).toList();
    ctx.json(Paging.of(ctx).page(all, ctx));
  }

  private void update(Context ctx) {
    ActionAlias existing = registry.get(ctx.pathParam("ref"));
    ctx.json(AliasView.of(registry.update(existing.ref(), AliasDocuments.parse(ctx.body()))));
  }

  private void help(Context ctx) {
    AliasHelp.Query q = AliasHelp.Query.of(ctx.queryParam("filter"), ctx.queryParam("pack"),
        intOrDefault(ctx.queryParam("limit"), AliasHelp.Query.API_DEFAULT_LIMIT),
        intOrDefault(ctx.queryParam("offset"), 0));
    List<ActionAlias> enabled = registry.all().stream().filter(ActionAlias::enabled).toList();
    ctx.json(AliasHelp.help(AliasHelp.byPackAndName(enabled), q));
  }

  private void match(Context ctx) {
    Body body = Body.parse(json, ctx.body(), Set.of("command"));
    AliasMatch m = executor.match(body.string("command", true));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("actionalias", AliasView.of(m.alias()));
    out.put("display", m.display());
    out.put("representation", m.representation());
    ctx.json(out);
  }

  private void execute(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Body body = Body.parse(json, ctx.body(), EXECUTION_FIELDS);
    List<AliasExecutor.Result> results = executor.execute(body.string("name", false),
        body.string("format", true), command(body, p, body.object("source_context")));
    ctx.status(201).json(result(results.get(0), showSecrets(ctx, p)));
  }

  private void matchAndExecute(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Body body = Body.parse(json, ctx.body(), MATCH_AND_EXECUTE_FIELDS);
    boolean secrets = showSecrets(ctx, p);
    List<Map<String, Object>> results = executor.matchAndExecute(command(body, p, Map.of())).stream()
        .map(r -> result(r, secrets)).toList();
    ctx.status(201).json(Map.of("results", results));
  }

  private static AliasCommand command(Body body, Principal p, Map<String, Object> sourceContext) {
    String route = body.string("notification_route", false);
    if (route == null || route.isBlank()) {
      route = body.string("notification_channel", false);
    }
    return new AliasCommand(body.string("command", true), body.string("user", false), p.user(),
        body.string("source_channel", false), sourceContext, route);
  }

  private Map<String, Object> result(AliasExecutor.Result r, boolean showSecrets) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("execution", view.render(r.execution(), showSecrets));
    out.put("actionalias", AliasView.of(r.alias()));
    if (r.message() != null) {
      out.put("message", r.message());
    }
    if (r.extra() != null) {
      out.put("extra", r.extra());
    }
    return out;
  }

  private static boolean showSecrets(Context ctx, Principal p) {
    boolean asked = "true".equalsIgnoreCase(ctx.queryParam("show_secrets"));
    if (asked && !p.admin()) {
      throw new ForbiddenException("show_secrets=true requires an administrator");
    }
    return asked;
  }

  private static Object intOrDefault(String v, int dflt) {
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException("Help \"limit\"/\"offset\" must be integers, got: " + v);
    }
  }
}
