package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.packs.PackIndex;
import dev.squall.engine.packs.PackInstaller;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * StackStorm's pack lifecycle endpoints: {@code POST /packs/install} and {@code /packs/uninstall}
 * start a {@code packs.install} / {@code packs.uninstall} execution and answer 202 with its
 * {@code execution_id}; {@code /packs/register} reloads packs from disk and answers the counts;
 * {@code /packs/index}, {@code /packs/index/search} and {@code /packs/index/health} read the
 * pack index ({@code packs.index_url}).
 */
public final class PacksApi implements Resource {

  private static final Set<String> INSTALL_FIELDS = Set.of("packs", "force", "skip_dependencies");
  private static final Set<String> UNINSTALL_FIELDS = Set.of("packs", "ref_or_id");
  private static final Set<String> REGISTER_FIELDS = Set.of("packs", "types", "fail_on_failure");
  private static final Set<String> SEARCH_FIELDS = Set.of("pack", "query");

  private final PackInstaller installer;
  private final ExecutionService executions;
  private final ObjectMapper json;

  public PacksApi(PackInstaller installer, ExecutionService executions, ObjectMapper json) {
    this.installer = installer;
    this.executions = executions;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/packs/install", Access.USER, this::install);
    routes.post("/packs/uninstall", Access.USER, this::uninstall);
    routes.post("/packs/register", Access.USER, this::registerPacks);
    routes.get("/packs/index", Access.USER, this::index);
    routes.post("/packs/index/search", Access.USER, this::search);
    routes.get("/packs/index/health", Access.USER, this::health);
  }

  private void install(Context ctx) {
    Body body = Body.parse(json, ctx.body(), INSTALL_FIELDS);
    List<String> packs = strings(body.list("packs"), "packs");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("packs", packs);
    params.put("force", Boolean.TRUE.equals(body.bool("force")));
    params.put("skip_dependencies", Boolean.TRUE.equals(body.bool("skip_dependencies")));
    accepted(ctx, executions.submit("packs.install", params, context(ctx)));
  }

  private void uninstall(Context ctx) {
    Body body = Body.parse(json, ctx.body(), UNINSTALL_FIELDS);
    List<String> packs = body.has("packs") ? strings(body.list("packs"), "packs")
        : List.of(body.string("ref_or_id", true));
    accepted(ctx, executions.submit("packs.uninstall", Map.of("packs", packs), context(ctx)));
  }

  private void registerPacks(Context ctx) {
    Body body = Body.parse(json, ctx.body().isBlank() ? "{}" : ctx.body(), REGISTER_FIELDS);
    ctx.json(installer.register(strings(body.list("packs"), "packs")));
  }

  private void index(Context ctx) {
    Map<String, Object> out = health();
    out.put("index", installer.index().packs());
    ctx.json(out);
  }

  private void health(Context ctx) {
    ctx.json(health());
  }

  /** StackStorm's shape: {@code indexes: {count, valid, invalid, errors, status: […]}, packs: {count}}. */
  private Map<String, Object> health() {
    PackIndex index = installer.index();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("url", index.url());
    int packs = 0;
    String error = null;
    try {
      packs = index.packs().size();
      status.put("packs", packs);
      status.put("message", "Success.");
      status.put("error", null);
    } catch (RuntimeException e) {
      error = e.getMessage();
      status.put("packs", 0);
      status.put("message", error);
      status.put("error", "unresponsive");
    }
    Map<String, Object> indexes = new LinkedHashMap<>();
    indexes.put("count", 1);
    indexes.put("valid", error == null ? 1 : 0);
    indexes.put("invalid", error == null ? 0 : 1);
    indexes.put("errors", error == null ? Map.of() : Map.of("unresponsive", 1));
    indexes.put("status", List.of(status));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("indexes", indexes);
    out.put("packs", Map.of("count", packs));
    return out;
  }

  /** {@code {"query": …}}: the matching entries; {@code {"pack": name}}: that pack's entry. */
  private void search(Context ctx) {
    Body body = Body.parse(json, ctx.body(), SEARCH_FIELDS);
    String pack = body.string("pack", false);
    if (pack != null) {
      ctx.json(installer.index().find(pack).orElseThrow(() -> new NotFoundException(
          "Pack \"" + pack + "\" is not in the pack index " + installer.index().url())));
      return;
    }
    ctx.json(installer.index().search(body.string("query", true)));
  }

  private static Map<String, Object> context(Context ctx) {
    return Map.of("user", Authenticator.principal(ctx).user());
  }

  private static void accepted(Context ctx, Execution e) {
    ctx.status(202).json(Map.of("execution_id", e.id()));
  }

  private static List<String> strings(List<Object> values, String field) {
    for (Object v : values) {
      if (!(v instanceof String)) {
        throw new BadRequestException(v + " is not of type 'string' (field '" + field + "')");
      }
    }
    return values.stream().map(String.class::cast).toList();
  }
}
