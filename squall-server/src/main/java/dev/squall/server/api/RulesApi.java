package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.rule.Rule;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.core.trigger.TriggerRef;
import dev.squall.core.trigger.TriggerType;
import dev.squall.engine.rules.RuleEnforcement;
import dev.squall.engine.rules.RulesEngine;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.engine.rules.Webhooks;
import dev.squall.server.http.Access;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rules and what drives them, in StackStorm's shapes: {@code /rules}, {@code /triggertypes},
 * {@code /triggers},
 * {@code /triggerinstances} (with {@code re_emit}), {@code /ruleenforcements}, and
 * {@code POST /webhooks/{name}} for rules on {@code core.st2.webhook}.
 */
public final class RulesApi implements Resource {

  /** Switches a rule on or off, for good. */
  public interface Switch {
    void set(String ruleRef, boolean enabled);
  }

  private final RulesEngine rules;
  private final Webhooks webhooks;
  private final ObjectMapper json;
  private final Switch switcher;
  private final java.util.function.Supplier<java.util.List<TriggerType>> packTriggerTypes;

  /** @param packTriggerTypes the trigger types the packs' sensors declare, as loaded now */
  public RulesApi(RulesEngine rules, Webhooks webhooks, ObjectMapper json, Switch switcher,
      java.util.function.Supplier<java.util.List<TriggerType>> packTriggerTypes) {
    this.packTriggerTypes = packTriggerTypes;
    this.rules = rules;
    this.webhooks = webhooks;
    this.json = json;
    this.switcher = switcher;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/rules", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        rules.rules().stream().filter(r -> ctx.queryParam("pack") == null || r.pack().equals(ctx.queryParam("pack")))
            .map(RulesApi::rule).toList(), ctx)));
    routes.get("/rules/{ref}", Access.USER, ctx -> ctx.json(rule(rules.rules().stream()
        .filter(r -> r.ref().equals(ctx.pathParam("ref"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Rule with ref \"" + ctx.pathParam("ref") + "\" not found")))));
    routes.put("/rules/{ref}", Access.ADMIN, this::update);
    routes.get("/triggertypes", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        java.util.stream.Stream.concat(SystemTriggerTypes.all().stream(), packTriggerTypes.get().stream())
            .map(RulesApi::triggerType).toList(), ctx)));
    routes.get("/triggers", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(rules.rules().stream()
        .map(r -> r.trigger().ref()).distinct().map(RulesApi::trigger).toList(), ctx)));
    routes.get("/triggerinstances", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        rules.instances(ctx.queryParam("status"), 0).stream().map(RulesApi::instance).toList(), ctx)));
    routes.get("/triggerinstances/{id}", Access.USER, ctx -> ctx.json(instance(rules.instance(ctx.pathParam("id")))));
    routes.post("/triggerinstances/{id}/re_emit", Access.ADMIN, ctx ->
        ctx.json(instance(rules.reemit(ctx.pathParam("id")))));
    routes.get("/ruleenforcements", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        rules.enforcements(ctx.queryParam("rule_ref"), ctx.queryParam("trigger_instance"), 0).stream()
            .map(RulesApi::enforcement).toList(), ctx)));
    routes.get("/ruleenforcements/{id}", Access.USER, ctx -> ctx.json(enforcement(rules.enforcement(ctx.pathParam("id")))));
    routes.post("/webhooks/{name}", Access.USER, this::webhook);
  }

  /** Only {@code enabled} may change: a rule's definition lives in its pack file. */
  private void update(Context ctx) {
    Rule rule = rules.rules().stream().filter(r -> r.ref().equals(ctx.pathParam("ref"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Rule with ref \"" + ctx.pathParam("ref") + "\" not found"));
    Map<String, Object> body = new LinkedHashMap<>(Body.parse(json, ctx.body(), null).asMap());
    if (!(body.get("enabled") instanceof Boolean on)) {
      throw new dev.squall.core.error.BadRequestException("Give {\"enabled\": true|false}; the rest of a rule is changed in "
          + (rule.metadataFile() == null ? "its pack" : rule.metadataFile()));
    }
    switcher.set(rule.ref(), on);
    ctx.json(rule(rules.rules().stream().filter(r -> r.ref().equals(rule.ref())).findFirst().orElse(rule)));
  }

  private void webhook(Context ctx) {
    Map<String, Object> body = Body.parse(json, ctx.body(), null).asMap();
    TriggerInstance ti = webhooks.fire(ctx.pathParam("name"), body, ctx.headerMap());
    ctx.status(202).json(body.isEmpty() ? Map.of("trigger_instance", ti.id()) : body);
  }

  static Map<String, Object> rule(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.ref());
    m.put("ref", r.ref());
    m.put("uid", r.uid());
    m.put("pack", r.pack());
    m.put("name", r.name());
    m.put("description", r.description());
    m.put("enabled", r.enabled());
    m.put("type", Map.of("ref", r.ruleType()));
    m.put("trigger", Map.of("type", r.trigger().type(), "parameters", r.trigger().parameters()));
    m.put("criteria", r.criteria());
    m.put("action", Map.of("ref", r.action().ref(), "parameters", r.action().parameters()));
    return m;
  }

  static Map<String, Object> triggerType(TriggerType t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.ref());
    m.put("ref", t.ref());
    m.put("uid", t.uid());
    m.put("pack", t.pack());
    m.put("name", t.name());
    m.put("description", t.description());
    m.put("parameters_schema", t.parametersSchema());
    m.put("payload_schema", t.payloadSchema());
    return m;
  }

  /** A trigger: one trigger type with one set of parameters, as rules use it. */
  static Map<String, Object> trigger(TriggerRef t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.ref());
    m.put("ref", t.ref());
    m.put("type", t.type());
    m.put("parameters", t.parameters());
    return m;
  }

  static Map<String, Object> instance(TriggerInstance ti) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", ti.id());
    m.put("trigger", ti.triggerRef());
    m.put("trigger_type", ti.triggerType());
    m.put("payload", ti.payload());
    m.put("occurrence_time", ti.occurrenceTime().toString());
    m.put("status", ti.status());
    return m;
  }

  static Map<String, Object> enforcement(RuleEnforcement e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("rule", Map.of("ref", e.ruleRef()));
    m.put("trigger_instance_id", e.triggerInstanceId());
    if (e.executionId() != null) {
      m.put("execution_id", e.executionId());
    }
    if (e.failureReason() != null) {
      m.put("failure_reason", e.failureReason());
    }
    m.put("enforced_at", e.enforcedAt().toString());
    m.put("status", e.succeeded() ? "succeeded" : "failed");
    return m;
  }
}
