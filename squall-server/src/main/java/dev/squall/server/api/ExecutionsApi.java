package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ForbiddenException;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.execution.model.Page;
import dev.squall.server.http.Access;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/executions}: run an action, read, list, cancel ({@code DELETE}), pause and
 * resume ({@code PUT} status), re-run, and read
 * its output, with StackStorm's bodies. Everything goes through the one execution service.
 */
public final class ExecutionsApi implements Resource {

  private static final Set<String> CREATE_FIELDS =
      Set.of("action", "parameters", "context", "notify", "user", "trace_tag", "delay");
  private static final Set<String> UPDATE_FIELDS = Set.of("status", "result");
  private static final Set<String> RERUN_FIELDS = Set.of("parameters", "tasks", "reset", "delay");

  private final ExecutionService executions;
  private final ExecutionView view;
  private final ObjectMapper json;

  /** The largest page a non-administrator may ask for. */
  static final int MAX_USER_PAGE = 1000;
  static final int FILTER_SAMPLE = 1000;

  public ExecutionsApi(ExecutionService executions, ExecutionView view, ObjectMapper json) {
    this.executions = executions;
    this.view = view;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/executions", Access.USER, this::create);
    routes.get("/executions", Access.USER, this::list);
    routes.get("/executions/{id}", Access.USER, this::get);
    routes.delete("/executions/{id}", Access.USER, this::cancel);
    routes.put("/executions/{id}", Access.USER, this::update);
    routes.post("/executions/{id}/re_run", Access.USER, this::rerun);
    routes.get("/executions/{id}/output", Access.USER, this::output);
    routes.get("/executions/{id}/children", Access.USER, this::children);
    routes.get("/executions/{id}/result", Access.USER, this::result);
    routes.get("/executions/{id}/attribute/{attribute}", Access.USER, this::attribute);
    routes.get("/executions/views/filters", Access.USER, this::filters);
  }

  /** The result alone, as {@code st2 execution get --attr result} and st2web's download fetch it. */
  private void result(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Map<String, Object> e = view.render(executions.get(ctx.pathParam("id")), showSecrets(ctx, p));
    if ("true".equalsIgnoreCase(ctx.queryParam("download"))) {
      ctx.header("Content-Disposition", "attachment; filename=execution_" + ctx.pathParam("id") + "_result.json");
    }
    ctx.json(e.get("result") == null ? Map.of() : e.get("result"));
  }

  /** One attribute of the execution's view, e.g. {@code status}, {@code result}, {@code parameters}. */
  private void attribute(Context ctx) throws java.io.IOException {
    Principal p = Authenticator.principal(ctx);
    Map<String, Object> e = view.render(executions.get(ctx.pathParam("id")), showSecrets(ctx, p));
    String name = ctx.pathParam("attribute");
    if (!e.containsKey(name)) {
      throw new BadRequestException("Invalid or unsupported attribute \"" + name + "\"; an execution has "
          + String.join(", ", e.keySet()));
    }
    // Written here: Javalin would send a lone string as it is, not as JSON.
    ctx.contentType("application/json").result(json.writeValueAsString(e.get(name)));
  }

  /**
   * The values st2web offers in its history filters, from the newest executions ({@code
   * FILTER_SAMPLE} of them: the filters are suggestions, not a count).
   */
  private void filters(Context ctx) {
    Page<Execution> recent = executions.list(ExecutionQuery.all().page(0, FILTER_SAMPLE));
    Map<String, java.util.SortedSet<String>> out = new LinkedHashMap<>();
    for (String f : List.of("action", "runner", "status", "user", "rule", "trigger_type")) {
      out.put(f, new java.util.TreeSet<>());
    }
    for (Execution e : recent.items()) {
      out.get("action").add(e.actionRef());
      out.get("runner").add(e.runnerType());
      out.get("status").add(e.status().wire());
      if (e.context().get("user") instanceof String u) {
        out.get("user").add(u);
      }
      if (e.context().get("rule") instanceof Map<?, ?> rule && rule.get("ref") instanceof String ref) {
        out.get("rule").add(ref);
      }
      if (e.context().get("trigger_instance") instanceof Map<?, ?> ti && ti.get("trigger_type") instanceof String t) {
        out.get("trigger_type").add(t);
      }
    }
    String types = ctx.queryParam("types");
    if (types != null && !types.isBlank()) {
      out.keySet().retainAll(List.of(types.split(",")));
    }
    ctx.json(out);
  }

  private void create(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Body body = Body.parse(json, ctx.body(), CREATE_FIELDS);
    String action = body.string("action", true);
    Map<String, Object> context = new LinkedHashMap<>(body.object("context"));
    String user = body.string("user", false);
    if (user != null && !user.equals(p.user()) && !p.admin()) {
      throw new ForbiddenException("Only an administrator may run actions as another user");
    }
    context.put("user", user == null ? p.user() : user);
    String traceTag = body.string("trace_tag", false);
    if (traceTag != null && !traceTag.isBlank()) {
      context.put(TracesApi.TRACE_CONTEXT, Map.of("trace_tag", traceTag));
    }
    if (body.has("notify")) {
      context.put("notify", body.object("notify"));
    }
    Execution e = executions.submit(action, body.object("parameters"), context);
    ctx.status(201).json(view.render(e, showSecrets(ctx, p)));
  }

  private void list(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Paging paging = Paging.of(ctx);
    if (!p.admin() && (paging.all() || paging.limit() > MAX_USER_PAGE)) { // as StackStorm
      throw new BadRequestException(paging.all()
          ? "Administrator access required to be able to specify limit=-1 and retrieve all the records"
          : "Limit \"" + paging.limit() + "\" specified, maximum value is \"" + MAX_USER_PAGE + "\"");
    }
    ExecutionQuery q = ExecutionQuery.all()
        .withActionRef(ctx.queryParam("action"))
        .withUser(ctx.queryParam("user"))
        .between(time(ctx, "timestamp_gt"), time(ctx, "timestamp_lt"))
        .page(paging.offset(), paging.all() ? 0 : paging.limit());
    String parent = ctx.queryParam("parent");
    // The CLI sends parent=null for "top-level executions only", never a parent named "null".
    q = "null".equals(parent) ? q.withoutParent() : q.withParentId(parent);
    String status = ctx.queryParam("status");
    if (status != null && !status.isBlank()) {
      q = q.withStatus(status(status));
    }
    Page<Execution> page = executions.list(q);
    paging.headers(ctx, page.total());
    boolean secrets = showSecrets(ctx, p);
    // A non-administrator sees only the executions whose action they may view.
    ctx.json(page.items().stream()
        .filter(e -> Authenticator.may(ctx, PermissionType.EXECUTION_VIEW, Target.execution(e.id(), e.actionRef())))
        .map(e -> view.render(e, secrets)).toList());
  }

  /**
   * A workflow's task executions, and theirs down to {@code depth} levels (-1: all), depth first
   * as st2 lists them (its CLI indents each under its {@code parent}); each level in start order.
   */
  private void children(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Execution parent = executions.get(ctx.pathParam("id"));
    String depthParam = ctx.queryParam("depth");
    int depth;
    try {
      depth = depthParam == null || depthParam.isBlank() ? -1 : Integer.parseInt(depthParam.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException("depth must be a whole number (-1 for all levels), not \"" + depthParam + "\"");
    }
    List<Execution> found = new java.util.ArrayList<>();
    addChildren(parent.id(), depth, found);
    boolean secrets = showSecrets(ctx, p);
    ctx.json(found.stream()
        .filter(e -> Authenticator.may(ctx, PermissionType.EXECUTION_VIEW, Target.execution(e.id(), e.actionRef())))
        .map(e -> view.render(e, secrets)).toList());
  }

  private void addChildren(String id, int depth, List<Execution> found) {
    if (depth == 0) {
      return;
    }
    for (Execution child : directChildren(id)) {
      found.add(child);
      if (dev.squall.core.action.Runners.isWorkflow(child.runnerType())) { // only workflows have tasks
        addChildren(child.id(), depth - 1, found);
      }
    }
  }

  private List<Execution> directChildren(String id) {
    return executions.list(ExecutionQuery.all().withParentId(id).page(0, 0)).items().stream()
        .sorted(java.util.Comparator.comparing(Execution::startTimestamp).thenComparing(Execution::id))
        .toList();
  }

  /** The execution with st2's {@code children}: the ids of its direct children (a workflow's tasks). */
  private void get(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Execution e = executions.get(ctx.pathParam("id"));
    Map<String, Object> out = new LinkedHashMap<>(view.render(e, showSecrets(ctx, p)));
    List<String> children = directChildren(e.id()).stream().map(Execution::id).toList();
    if (!children.isEmpty()) {
      out.put("children", children);
    }
    ctx.json(out);
  }

  private void cancel(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    ctx.json(view.render(executions.cancel(ctx.pathParam("id")), showSecrets(ctx, p)));
  }

  /**
   * StackStorm's status update: {@code pausing} (or {@code paused}) pauses a workflow,
   * {@code resuming} (or {@code running}) resumes it, {@code canceling} (or {@code canceled})
   * cancels any execution. The body is StackStorm's ExecutionUpdateRequest: {@code status} and
   * {@code result}. Another terminal status with a {@code result} ends an execution its runner
   * left pending (an asynchronous action), as StackStorm's does.
   */
  private void update(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    String id = ctx.pathParam("id");
    Body body = Body.parse(json, ctx.body(), UPDATE_FIELDS);
    String status = body.string("status", true);
    Execution e = switch (status) {
      case "pausing", "paused" -> executions.pause(id);
      case "resuming", "running" -> executions.resume(id);
      case "canceling", "canceled" -> executions.cancel(id);
      case "succeeded", "failed", "timeout", "abandoned" ->
          executions.complete(id, ExecutionStatus.fromWire(status), body.object("result"));
      default -> throw new BadRequestException("Status \"" + status + "\" is not supported: an"
          + " execution's status can be set to pausing, resuming or canceling, and a pending"
          + " one's to succeeded, failed, timeout or abandoned");
    };
    ctx.json(view.render(e, showSecrets(ctx, p)));
  }

  private void rerun(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Body body = Body.parse(json, ctx.body(), RERUN_FIELDS);
    List<String> tasks = taskNames(body, "tasks");
    List<String> reset = taskNames(body, "reset");
    String id = ctx.pathParam("id");
    // Secrets of the original are reused only for whom they may be shown: an admin, its user.
    boolean mayReadSecrets = p.admin()
        || p.user().equals(executions.get(id).context().get("user"));
    // The re-run is the caller's: it runs as them, with their user secrets, not the original's.
    Execution e = executions.rerun(id, body.object("parameters"), mayReadSecrets, p.user(), tasks, reset);
    ctx.status(201).json(view.render(e, showSecrets(ctx, p)));
  }

  /** A list of task names ({@code tasks}, {@code reset} of a re-run). */
  private static List<String> taskNames(Body body, String field) {
    List<String> names = new java.util.ArrayList<>();
    for (Object o : body.list(field)) {
      if (!(o instanceof String name) || name.isBlank()) {
        throw new BadRequestException("'" + field + "' must be a list of task names");
      }
      names.add(name);
    }
    return names;
  }

  /**
   * The output as text, as StackStorm serves it. {@code output_type} picks one stream; Squall's
   * {@code offset} skips that many lines of it, so a follower can fetch only what is new.
   */
  private void output(Context ctx) {
    String type = ctx.queryParam("output_type");
    int offset = 0;
    if (ctx.queryParam("offset") != null) {
      try {
        offset = Math.max(0, Integer.parseInt(ctx.queryParam("offset")));
      } catch (NumberFormatException e) {
        throw new BadRequestException("'offset' must be an integer");
      }
    }
    List<OutputLine> lines = executions.output(ctx.pathParam("id"),
        type == null || type.isBlank() ? null : type, offset);
    StringBuilder sb = new StringBuilder();
    for (OutputLine l : lines) {
      sb.append(l.line()).append('\n');
    }
    ctx.contentType("text/plain; charset=utf-8").result(sb.toString());
  }

  private static boolean showSecrets(Context ctx, Principal p) {
    if (!"true".equalsIgnoreCase(ctx.queryParam("show_secrets"))) {
      return false;
    }
    if (!p.admin()) {
      throw new ForbiddenException("show_secrets=true requires an administrator");
    }
    return true;
  }

  private static ExecutionStatus status(String s) {
    try {
      return ExecutionStatus.fromWire(s);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Unknown status \"" + s + "\"");
    }
  }

  private static Instant time(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new BadRequestException("'" + name + "' must be an ISO-8601 time such as 2026-01-31T12:00:00Z");
    }
  }
}
