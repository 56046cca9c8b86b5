package dev.squall.server.api;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.action.RunnerType;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of what packs provide, in StackStorm's shapes: {@code /api/v1/packs},
 * {@code /api/v1/actions} and {@code /api/v1/runnertypes}.
 */
public final class CatalogApi implements Resource {

  private final Catalog catalog;

  public CatalogApi(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/packs", Access.USER, this::packs);
    // The views come before {ref}, so "views" is never read as a pack's or an action's ref.
    routes.get("/packs/views/files/{ref}", Access.USER, ctx -> ctx.json(PackFiles.list(loaded(ctx.pathParam("ref")))));
    routes.get("/packs/views/file/{ref}/<file_path>", Access.USER, ctx -> ctx.contentType("text/plain; charset=utf-8")
        .result(PackFiles.read(loaded(ctx.pathParam("ref")), ctx.pathParam("file_path"))));
    routes.get("/packs/{ref}", Access.USER, ctx -> ctx.json(pack(catalog.pack(ctx.pathParam("ref"))
        .orElseThrow(() -> new NotFoundException("Pack with ref \"" + ctx.pathParam("ref") + "\" not found")))));
    routes.get("/actions", Access.USER, this::actions);
    routes.get("/actions/views/overview", Access.USER, ctx -> {
      List<Map<String, Object>> all = filtered(ctx).stream().map(this::overview).toList();
      ctx.json(Paging.of(ctx).page(all, ctx));
    });
    routes.get("/actions/views/overview/{ref}", Access.USER,
        ctx -> ctx.json(overview(catalog.actionOrClosest(ctx.pathParam("ref")))));
    routes.get("/actions/views/parameters/{ref}", Access.USER,
        ctx -> ctx.json(Map.of("parameters", overview(catalog.actionOrClosest(ctx.pathParam("ref"))).get("parameters"))));
    routes.get("/actions/views/entry_point/{ref}", Access.USER, ctx -> ctx.contentType("text/plain; charset=utf-8")
        .result(PackFiles.entryPoint(catalog.actionOrClosest(ctx.pathParam("ref")))));
    routes.get("/actions/{ref}", Access.USER, ctx -> ctx.json(action(catalog.actionOrClosest(ctx.pathParam("ref")))));
    routes.get("/runnertypes", Access.USER, this::runnerTypes);
    routes.get("/runnertypes/{name}", Access.USER, ctx -> ctx.json(runner(catalog.runnerType(ctx.pathParam("name"))
        .orElseThrow(() -> new NotFoundException("RunnerType with name \"" + ctx.pathParam("name") + "\" not found")))));
  }

  private void packs(Context ctx) {
    List<Map<String, Object>> all = catalog.packs().stream()
        .filter(p -> Authenticator.may(ctx, PermissionType.PACK_VIEW, Target.pack(p.pack().ref())))
        .sorted(Comparator.comparing(p -> p.pack().ref()))
        .map(CatalogApi::pack).toList();
    ctx.json(Paging.of(ctx).page(all, ctx));
  }

  private void actions(Context ctx) {
    ctx.json(Paging.of(ctx).page(filtered(ctx).stream().map(CatalogApi::action).toList(), ctx));
  }

  private List<ActionDef> filtered(Context ctx) {
    String pack = ctx.queryParam("pack");
    String name = ctx.queryParam("name");
    // Squall's: ?permission_type=action_execute keeps the actions the caller may run (the web UI's
    // Actions page); every list keeps only what the caller may view.
    PermissionType needed = permissionType(ctx.queryParam("permission_type"));
    return catalog.actions().stream()
        .filter(a -> pack == null || a.pack().equals(pack))
        .filter(a -> name == null || a.name().equals(name))
        .filter(a -> Authenticator.may(ctx, needed, Target.action(a.ref())))
        .sorted(Comparator.comparing(ActionDef::ref)).toList();
  }

  private static PermissionType permissionType(String value) {
    if (value == null || value.isBlank()) {
      return PermissionType.ACTION_VIEW;
    }
    PermissionType type = PermissionType.of(value.trim()).orElseThrow(() -> new BadRequestException(
        "Unknown permission type \"" + value + "\""));
    if (!type.resourceType().equals("action") || type.global()) {
      throw new BadRequestException("permission_type must be one of an action's own permissions"
          + " (action_view, action_execute, action_modify, action_delete, action_all), not \"" + value + "\"");
    }
    return type;
  }

  /** An action with its runner's parameters under its own (the action's override), as st2web shows it. */
  private Map<String, Object> overview(ActionDef a) {
    Map<String, Object> m = action(a);
    Map<String, Object> merged = new LinkedHashMap<>();
    catalog.runnerType(a.runnerType()).ifPresent(r -> merged.putAll(parameters(r.parameters())));
    parameters(a.parameters()).forEach((k, v) -> merged.merge(k, v, (runner, own) -> {
      Map<String, Object> both = new LinkedHashMap<>(runner instanceof Map<?, ?> rm ? castMap(rm) : Map.of());
      both.putAll(own instanceof Map<?, ?> om ? castMap(om) : Map.of());
      return both;
    }));
    m.put("parameters", merged);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private LoadedPack loaded(String ref) {
    return catalog.pack(ref).orElseThrow(() -> new NotFoundException("Pack with ref \"" + ref + "\" not found"));
  }

  private void runnerTypes(Context ctx) {
    String name = ctx.queryParam("name");
    List<Map<String, Object>> all = catalog.runnerTypes().stream()
        .filter(r -> name == null || r.name().equals(name))
        .sorted(Comparator.comparing(RunnerType::name))
        .map(CatalogApi::runner).toList();
    ctx.json(Paging.of(ctx).page(all, ctx));
  }

  static Map<String, Object> pack(LoadedPack lp) {
    Map<String, Object> m = new LinkedHashMap<>(lp.pack().metadata());
    m.put("id", lp.pack().ref());
    m.put("uid", "pack:" + lp.pack().ref());
    m.put("ref", lp.pack().ref());
    m.put("name", lp.pack().name());
    m.put("version", lp.pack().version());
    m.put("description", lp.pack().description());
    m.put("path", lp.pack().dir().toString());
    return m;
  }

  static Map<String, Object> action(ActionDef a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.ref());
    m.put("uid", "action:" + a.pack() + ":" + a.name());
    m.put("ref", a.ref());
    m.put("name", a.name());
    m.put("pack", a.pack());
    if (a.description() != null) { // st2 leaves out what an action's file does not say
      m.put("description", a.description());
    }
    m.put("enabled", a.enabled());
    m.put("runner_type", a.runnerType());
    m.put("entry_point", a.entryPoint() == null ? "" : a.entryPoint());
    m.put("parameters", parameters(a.parameters()));
    m.put("notify", a.notifySpec());
    if (a.metadataFile() != null && a.packDir() != null) {
      m.put("metadata_file", a.packDir().relativize(a.metadataFile()).toString());
    }
    return m;
  }

  static Map<String, Object> runner(RunnerType r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.name());
    m.put("uid", "runner_type:" + r.name());
    m.put("name", r.name());
    m.put("description", r.description());
    m.put("enabled", r.supported());
    m.put("runner_parameters", parameters(r.parameters()));
    return m;
  }

  private static Map<String, Object> parameters(Map<String, ParameterSpec> specs) {
    Map<String, Object> out = new LinkedHashMap<>();
    specs.forEach((name, spec) -> out.put(name, spec.schema()));
    return out;
  }
}
