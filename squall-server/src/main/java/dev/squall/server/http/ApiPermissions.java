package dev.squall.server.http;

import static dev.squall.engine.rbac.PermissionType.ACTION_ALIAS_HELP;
import static dev.squall.engine.rbac.PermissionType.ACTION_ALIAS_LIST;
import static dev.squall.engine.rbac.PermissionType.ACTION_ALIAS_MATCH;
import static dev.squall.engine.rbac.PermissionType.ACTION_ALIAS_VIEW;
import static dev.squall.engine.rbac.PermissionType.ACTION_EXECUTE;
import static dev.squall.engine.rbac.PermissionType.ACTION_LIST;
import static dev.squall.engine.rbac.PermissionType.ACTION_VIEW;
import static dev.squall.engine.rbac.PermissionType.API_KEY_CREATE;
import static dev.squall.engine.rbac.PermissionType.API_KEY_LIST;
import static dev.squall.engine.rbac.PermissionType.EXECUTION_LIST;
import static dev.squall.engine.rbac.PermissionType.EXECUTION_RERUN;
import static dev.squall.engine.rbac.PermissionType.EXECUTION_STOP;
import static dev.squall.engine.rbac.PermissionType.EXECUTION_VIEW;
import static dev.squall.engine.rbac.PermissionType.PACK_INSTALL;
import static dev.squall.engine.rbac.PermissionType.PACK_LIST;
import static dev.squall.engine.rbac.PermissionType.PACK_REGISTER;
import static dev.squall.engine.rbac.PermissionType.PACK_SEARCH;
import static dev.squall.engine.rbac.PermissionType.PACK_UNINSTALL;
import static dev.squall.engine.rbac.PermissionType.PACK_VIEW;
import static dev.squall.engine.rbac.PermissionType.PACK_VIEWS_INDEX_HEALTH;
import static dev.squall.engine.rbac.PermissionType.POLICY_LIST;
import static dev.squall.engine.rbac.PermissionType.POLICY_TYPE_LIST;
import static dev.squall.engine.rbac.PermissionType.POLICY_TYPE_VIEW;
import static dev.squall.engine.rbac.PermissionType.POLICY_VIEW;
import static dev.squall.engine.rbac.PermissionType.RULE_ENFORCEMENT_LIST;
import static dev.squall.engine.rbac.PermissionType.RULE_ENFORCEMENT_VIEW;
import static dev.squall.engine.rbac.PermissionType.RULE_LIST;
import static dev.squall.engine.rbac.PermissionType.RULE_VIEW;
import static dev.squall.engine.rbac.PermissionType.RUNNER_TYPE_LIST;
import static dev.squall.engine.rbac.PermissionType.RUNNER_TYPE_VIEW;
import static dev.squall.engine.rbac.PermissionType.SENSOR_TYPE_LIST;
import static dev.squall.engine.rbac.PermissionType.SENSOR_TYPE_MODIFY;
import static dev.squall.engine.rbac.PermissionType.SENSOR_TYPE_VIEW;
import static dev.squall.engine.rbac.PermissionType.STREAM_VIEW;
import static dev.squall.engine.rbac.PermissionType.TRIGGER_LIST;
import static dev.squall.engine.rbac.PermissionType.TRIGGER_VIEW;
import static dev.squall.engine.rbac.PermissionType.WEBHOOK_SEND;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The permission every user route needs, in one table, as StackStorm's API asks them: lists need
 * the global {@code *_list}, a resource its {@code *_view} (or the operation) on that resource,
 * an execution its action's grants. {@link Routes} refuses to register a {@link Access#USER}
 * route missing here, so no route goes unchecked. Handlers narrow further where a route serves
 * several resources (the execution list shows only what the caller may view).
 */
public final class ApiPermissions {

  private final Map<String, Permission> table = new HashMap<>();
  private final ObjectMapper json;

  /**
   * @param actionOfExecution an execution's action ref, by execution id (throws NotFound)
   * @param json the API's mapper, so a body read here fails as the handler's would
   */
  public ApiPermissions(Function<String, String> actionOfExecution, ObjectMapper json) {
    this.json = json;
    Function<Context, Target> execution = ctx -> Target.execution(ctx.pathParam("id"),
        actionOfExecution.apply(ctx.pathParam("id")));
    put("GET /actionalias/help", Permission.global(ACTION_ALIAS_HELP));
    put("POST /actionalias/match", Permission.global(ACTION_ALIAS_MATCH));
    put("GET /actionalias", Permission.global(ACTION_ALIAS_LIST));
    put("GET /actionalias/{ref}", Permission.on(ACTION_ALIAS_VIEW, ctx -> Target.alias(ctx.pathParam("ref"))));
    // The alias's action is checked where the alias is resolved (action_execute on it).
    put("POST /aliasexecution/match_and_execute", Permission.global(ACTION_ALIAS_MATCH));
    put("POST /aliasexecution", Permission.global(ACTION_ALIAS_MATCH));
    put("GET /rules", Permission.global(RULE_LIST));
    put("GET /rules/{ref}", Permission.on(RULE_VIEW, ctx -> Target.rule(ctx.pathParam("ref"))));
    put("GET /triggertypes", Permission.global(TRIGGER_LIST));
    put("GET /triggers", Permission.global(TRIGGER_LIST));
    put("GET /triggers/{id}", Permission.global(TRIGGER_VIEW));
    put("GET /ruletypes", Permission.global(RULE_LIST));
    put("GET /ruletypes/{id}", Permission.global(RULE_LIST));
    put("GET /timers", Permission.global(PermissionType.TIMER_LIST));
    put("GET /timers/{ref}", Permission.global(PermissionType.TIMER_VIEW));
    put("GET /webhooks", Permission.global(PermissionType.WEBHOOK_LIST));
    put("GET /webhooks/{name}", Permission.on(PermissionType.WEBHOOK_VIEW, ctx -> Target.webhook(ctx.pathParam("name"))));
    put("GET /traces", Permission.global(PermissionType.TRACE_LIST));
    put("GET /traces/{id}", Permission.global(PermissionType.TRACE_VIEW));
    put("GET /triggerinstances", Permission.global(TRIGGER_LIST));
    put("GET /triggerinstances/{id}", Permission.global(TRIGGER_VIEW));
    put("GET /ruleenforcements", Permission.global(RULE_ENFORCEMENT_LIST));
    put("GET /ruleenforcements/{id}", Permission.global(RULE_ENFORCEMENT_VIEW));
    put("POST /webhooks/{name}", Permission.on(WEBHOOK_SEND, ctx -> Target.webhook(ctx.pathParam("name"))));
    put("GET /sensortypes", Permission.global(SENSOR_TYPE_LIST));
    put("GET /sensortypes/{ref}", Permission.on(SENSOR_TYPE_VIEW,
        ctx -> Target.inPack("sensor_type", ctx.pathParam("ref"))));
    put("PUT /sensortypes/{ref}", Permission.on(SENSOR_TYPE_MODIFY,
        ctx -> Target.inPack("sensor_type", ctx.pathParam("ref"))));
    put("GET /packs", Permission.global(PACK_LIST));
    put("GET /packs/{ref}", Permission.on(PACK_VIEW, ctx -> Target.pack(ctx.pathParam("ref"))));
    put("POST /packs/install", Permission.global(PACK_INSTALL));
    put("POST /packs/uninstall", Permission.global(PACK_UNINSTALL));
    put("POST /packs/register", Permission.global(PACK_REGISTER));
    put("GET /packs/index", Permission.global(PACK_SEARCH));
    put("POST /packs/index/search", Permission.global(PACK_SEARCH));
    put("GET /packs/index/health", Permission.global(PACK_VIEWS_INDEX_HEALTH));
    put("GET /policytypes", Permission.global(POLICY_TYPE_LIST));
    put("GET /policytypes/{ref_or_id}", Permission.on(POLICY_TYPE_VIEW,
        ctx -> new Target("policy_type", "policy_type:" + ctx.pathParam("ref_or_id"), null, null)));
    put("GET /policies", Permission.global(POLICY_LIST));
    put("GET /policies/{ref_or_id}", Permission.on(POLICY_VIEW,
        ctx -> Target.inPack("policy", ctx.pathParam("ref_or_id"))));
    put("GET /actions", Permission.global(ACTION_LIST));
    put("GET /actions/{ref}", Permission.on(ACTION_VIEW, ctx -> Target.action(ctx.pathParam("ref"))));
    // Writes of pack content (PackContentApi): on the action or policy the body or path names.
    put("POST /actions", Permission.on(PermissionType.ACTION_CREATE, ctx -> Target.action(refOfBody(ctx))));
    put("PUT /actions/{ref}", Permission.on(PermissionType.ACTION_MODIFY, ctx -> Target.action(ctx.pathParam("ref"))));
    put("DELETE /actions/{ref}", Permission.on(PermissionType.ACTION_DELETE, ctx -> Target.action(ctx.pathParam("ref"))));
    put("POST /policies", Permission.global(PermissionType.POLICY_CREATE));
    put("PUT /policies/{ref_or_id}", Permission.on(PermissionType.POLICY_MODIFY,
        ctx -> Target.inPack("policy", ctx.pathParam("ref_or_id"))));
    put("DELETE /policies/{ref_or_id}", Permission.on(PermissionType.POLICY_DELETE,
        ctx -> Target.inPack("policy", ctx.pathParam("ref_or_id"))));
    put("GET /runnertypes", Permission.global(RUNNER_TYPE_LIST));
    put("GET /runnertypes/{name}", Permission.on(RUNNER_TYPE_VIEW,
        ctx -> new Target("runner_type", "runner_type:" + ctx.pathParam("name"), null, null)));
    put("GET /configs", Permission.global(PACK_LIST));
    put("GET /config_schemas", Permission.global(PACK_LIST));
    put("GET /config_schemas/{pack}", Permission.on(PACK_VIEW, ctx -> Target.pack(ctx.pathParam("pack"))));
    put("GET /packs/views/files/{ref}", Permission.on(PACK_VIEW, ctx -> Target.pack(ctx.pathParam("ref"))));
    put("GET /packs/views/file/{ref}/<file_path>", Permission.on(PACK_VIEW, ctx -> Target.pack(ctx.pathParam("ref"))));
    put("GET /actions/views/overview", Permission.global(ACTION_LIST));
    put("GET /actions/views/overview/{ref}", Permission.on(ACTION_VIEW, ctx -> Target.action(ctx.pathParam("ref"))));
    put("GET /actions/views/parameters/{ref}", Permission.on(ACTION_VIEW, ctx -> Target.action(ctx.pathParam("ref"))));
    put("GET /actions/views/entry_point/{ref}", Permission.on(ACTION_VIEW, ctx -> Target.action(ctx.pathParam("ref"))));
    put("GET /configs/{pack}", Permission.on(PACK_VIEW, ctx -> Target.pack(ctx.pathParam("pack"))));
    put("POST /executions", Permission.on(ACTION_EXECUTE, ctx -> Target.action(actionOfBody(ctx))));
    put("GET /executions", Permission.global(EXECUTION_LIST));
    put("GET /executions/{id}", Permission.on(EXECUTION_VIEW, execution));
    put("DELETE /executions/{id}", Permission.on(EXECUTION_STOP, execution));
    // Pause, resume and cancel by status, as StackStorm checks them: execution_stop.
    put("PUT /executions/{id}", Permission.on(EXECUTION_STOP, execution));
    put("POST /executions/{id}/re_run", Permission.on(EXECUTION_RERUN, execution));
    put("GET /executions/{id}/output", Permission.on(EXECUTION_VIEW, execution));
    put("GET /executions/{id}/result", Permission.on(EXECUTION_VIEW, execution));
    put("GET /executions/{id}/attribute/{attribute}", Permission.on(EXECUTION_VIEW, execution));
    put("GET /executions/views/filters", Permission.global(PermissionType.EXECUTION_VIEWS_FILTERS_LIST));
    put("GET /stream/v1/executions/{id}/output", Permission.on(EXECUTION_VIEW, execution));
    put("GET /executions/{id}/children", Permission.on(EXECUTION_VIEW, execution));
    put("GET /stream", Permission.global(STREAM_VIEW));
    put("GET /api/v1/stream", Permission.global(STREAM_VIEW));
    put("GET /apikeys", Permission.global(API_KEY_LIST));
    put("GET /apikeys/{id}", Permission.OWN);
    put("POST /apikeys", Permission.global(API_KEY_CREATE));
    put("DELETE /apikeys/{id}", Permission.OWN);
    // Datastore: a user's own st2kv.user keys always; system keys are for administrators.
    put("GET /keys", Permission.OWN);
    put("GET /keys/{name}", Permission.OWN);
    put("PUT /keys/{name}", Permission.OWN);
    put("DELETE /keys/{name}", Permission.OWN);
    put("GET /user", Permission.OWN);
    put("GET /chat/adapters", Permission.OWN);
    // The audit trail: an administrator sees every record, anyone else their own (AuditApi).
    put("GET /audit", Permission.OWN);
    put("GET /audit/{id}", Permission.OWN);
    // Answered 501 by NotOfferedApi to anyone signed in: nothing is read or changed.
    for (String notOffered : new String[] {"POST /actions/{ref}/clone", "POST /triggertypes",
        "PUT /triggertypes/{ref}", "DELETE /triggertypes/{ref}", "POST /triggers", "PUT /triggers/{id}",
        "DELETE /triggers/{id}", "PUT /runnertypes/{name}", "PUT /apikeys/{id}", "POST /workflows/inspect"}) {
      put(notOffered, Permission.OWN);
    }
    // Inquiries: StackStorm's grants are global; each inquiry's users and roles restrict further.
    put("GET /inquiries", Permission.global(PermissionType.INQUIRY_LIST));
    put("GET /inquiries/{id}", Permission.global(PermissionType.INQUIRY_VIEW));
    put("PUT /inquiries/{id}", Permission.global(PermissionType.INQUIRY_RESPOND));
    put("POST /tokens/validate", Permission.OWN);
    // The API root tells who is signed in nothing but the version: any credential may ask.
    put("GET /", Permission.OWN);
    put("GET /triggertypes/{ref}", Permission.global(TRIGGER_VIEW));
    put("GET /rules/views", Permission.global(RULE_LIST));
    put("GET /rules/views/{ref}", Permission.on(RULE_VIEW, ctx -> Target.rule(ctx.pathParam("ref"))));
    put("GET /ruleenforcements/views", Permission.global(RULE_ENFORCEMENT_LIST));
    put("GET /ruleenforcements/views/{id}", Permission.global(RULE_ENFORCEMENT_VIEW));
  }

  private void put(String route, Permission p) {
    table.put(route, p);
  }

  /** The permission of {@code method path}, the path as the resource registered it. */
  public Optional<Permission> of(String method, String path) {
    return Optional.ofNullable(table.get(method + " " + path));
  }

  /** {@code pack.name} of an action a body creates (st2's pack {@code default} when it names none). */
  private String refOfBody(Context ctx) {
    Body b = Body.parse(json, ctx.body(), null);
    String pack = b.string("pack", false);
    String name = b.string("name", false); // none: refused here unless the user may create any action
    return (pack == null || pack.isBlank() ? dev.squall.engine.packs.PackWrites.DEFAULT_PACK : pack)
        + "." + (name == null ? "" : name);
  }

  /** The action a new execution names; a body the handler would refuse is refused alike. */
  private String actionOfBody(Context ctx) {
    return Body.parse(json, ctx.body(), null).string("action", true);
  }
}
