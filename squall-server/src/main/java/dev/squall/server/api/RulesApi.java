package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.rule.Rule;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.core.trigger.TriggerRef;
import dev.squall.core.trigger.TriggerType;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.engine.rules.ApiRules;
import dev.squall.engine.rules.RuleEnforcement;
import dev.squall.engine.rules.RulesEngine;
import dev.squall.engine.rules.TriggerInstance;
import dev.squall.engine.rules.Webhooks;
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

  private final ApiRules apiRules;
  private final Runnable reload;

  /**
   * @param reload rebuilds the running rules (files, API rules, switches) after a change
   * @param packTriggerTypes the trigger types the packs' sensors declare, as loaded now
   */
  public RulesApi(RulesEngine rules, Webhooks webhooks, ObjectMapper json, Switch switcher,
      ApiRules apiRules, Runnable reload, java.util.function.Supplier<java.util.List<TriggerType>> packTriggerTypes) {
    this.apiRules = apiRules;
    this.reload = reload;
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
            .filter(r -> Authenticator.may(ctx, PermissionType.RULE_VIEW, Target.rule(r.ref())))
            .map(RulesApi::rule).toList(), ctx)));
    // The views come before {ref}, so "views" is never read as a rule's ref.
    routes.get("/rules/views", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        rules.rules().stream().filter(r -> ctx.queryParam("pack") == null || r.pack().equals(ctx.queryParam("pack")))
            .filter(r -> Authenticator.may(ctx, PermissionType.RULE_VIEW, Target.rule(r.ref())))
            .map(RulesApi::ruleView).toList(), ctx)));
    routes.get("/rules/views/{ref}", Access.USER, ctx -> ctx.json(ruleView(rule(ctx.pathParam("ref")))));
    routes.get("/rules/{ref}", Access.USER, ctx -> ctx.json(rule(rules.rules().stream()
        .filter(r -> r.ref().equals(ctx.pathParam("ref"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Rule with ref \"" + ctx.pathParam("ref") + "\" not found")))));
    routes.put("/rules/{ref}", Access.ADMIN, this::update);
    routes.post("/rules", Access.ADMIN, ctx -> {
      Rule created = apiRules.create(ctx.body());
      reload.run();
      ctx.status(201).json(rule(rule(created.ref())));
    });
    routes.delete("/rules/{ref}", Access.ADMIN, ctx -> {
      apiRules.delete(ctx.pathParam("ref"));
      reload.run();
      ctx.status(204);
    });
    routes.get("/triggertypes", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        allTriggerTypes().stream().map(RulesApi::triggerType).toList(), ctx)));
    routes.get("/triggertypes/{ref}", Access.USER, ctx -> ctx.json(triggerType(allTriggerTypes().stream()
        .filter(t -> t.ref().equals(ctx.pathParam("ref"))).findFirst()
        .orElseThrow(() -> new NotFoundException("TriggerType with ref \"" + ctx.pathParam("ref") + "\" not found")))));
    routes.get("/triggers", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(rules.rules().stream()
        .map(r -> r.trigger().ref()).distinct().map(RulesApi::trigger).toList(), ctx)));
    routes.get("/triggers/{id}", Access.USER, ctx -> ctx.json(trigger(triggers(t -> true).stream()
        .filter(t -> t.ref().equals(ctx.pathParam("id"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Trigger with id \"" + ctx.pathParam("id") + "\" not found")))));
    routes.get("/ruletypes", Access.USER, ctx -> ctx.json(RULE_TYPES));
    routes.get("/ruletypes/{id}", Access.USER, ctx -> ctx.json(RULE_TYPES.stream()
        .filter(t -> t.get("id").equals(ctx.pathParam("id"))).findFirst()
        .orElseThrow(() -> new NotFoundException("RuleType with id \"" + ctx.pathParam("id") + "\" not found"))));
    // Timers and webhooks are the triggers of the rules that use them, as StackStorm lists them.
    routes.get("/timers", Access.USER, ctx -> {
      String type = ctx.queryParam("timer_type");
      ctx.json(triggers(t -> SystemTriggerTypes.isTimer(t.type()) && (type == null || t.type().equals(type)))
          .stream().map(RulesApi::trigger).toList());
    });
    routes.get("/timers/{ref}", Access.USER, ctx -> ctx.json(trigger(triggers(t -> SystemTriggerTypes.isTimer(t.type()))
        .stream().filter(t -> t.ref().equals(ctx.pathParam("ref"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Timer with ref \"" + ctx.pathParam("ref") + "\" not found")))));
    routes.get("/webhooks", Access.USER, ctx -> ctx.json(triggers(RulesApi::isWebhook).stream()
        .map(RulesApi::trigger).toList()));
    routes.get("/webhooks/{name}", Access.USER, ctx -> {
      String url = SystemTriggerTypes.normalizeWebhookUrl(ctx.pathParam("name"));
      ctx.json(trigger(triggers(RulesApi::isWebhook).stream()
          .filter(t -> url.equals(SystemTriggerTypes.normalizeWebhookUrl(String.valueOf(t.parameters().get("url")))))
          .findFirst()
          .orElseThrow(() -> new NotFoundException("Webhook with name \"" + url + "\" not found"))));
    });
    routes.get("/triggerinstances", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        rules.instances(ctx.queryParam("status"), 0).stream().map(RulesApi::instance).toList(), ctx)));
    routes.get("/triggerinstances/{id}", Access.USER, ctx -> ctx.json(instance(rules.instance(ctx.pathParam("id")))));
    routes.post("/triggerinstances/{id}/re_emit", Access.ADMIN, this::reemit);
    routes.get("/ruleenforcements", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        rules.enforcements(ctx.queryParam("rule_ref"), ctx.queryParam("trigger_instance"), 0).stream()
            .map(RulesApi::enforcement).toList(), ctx)));
    routes.get("/ruleenforcements/views", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(
        rules.enforcements(ctx.queryParam("rule_ref"), ctx.queryParam("trigger_instance"), 0).stream()
            .map(this::enforcementView).toList(), ctx)));
    routes.get("/ruleenforcements/views/{id}", Access.USER,
        ctx -> ctx.json(enforcementView(rules.enforcement(ctx.pathParam("id")))));
    routes.get("/ruleenforcements/{id}", Access.USER, ctx -> ctx.json(enforcement(rules.enforcement(ctx.pathParam("id")))));
    routes.post("/webhooks/{name}", Access.USER, this::webhook);
  }

  /**
   * {@code {"enabled": …}} switches a rule on or off, for good. A whole rule (what {@code st2 rule
   * enable} sends: the rule as read, enabled changed) does the same when only {@code enabled}
   * differs; otherwise it replaces the rule, stored beside the pack files.
   */
  private void update(Context ctx) {
    Rule rule = rule(ctx.pathParam("ref"));
    Map<String, Object> body = new LinkedHashMap<>(Body.parse(json, ctx.body(), null).asMap());
    body.keySet().removeAll(java.util.Set.of("id", "ref", "uid"));
    if (body.keySet().equals(java.util.Set.of("enabled")) && !(body.get("enabled") instanceof Boolean)) {
      throw new dev.squall.core.error.BadRequestException("enabled must be true or false (field 'enabled')");
    }
    if (body.keySet().equals(java.util.Set.of("enabled"))) {
      switcher.set(rule.ref(), (Boolean) body.get("enabled"));
    } else {
      Rule asked = ApiRules.parse(ctx.body());
      // When only the switch changed, no copy of the file's rule is kept: later file edits still count.
      if (!sameApartFromEnabled(asked, rule)) {
        apiRules.replace(rule.ref(), ctx.body());
      }
      switcher.set(rule.ref(), asked.enabled()); // and reloads
    }
    ctx.json(rule(rule(rule.ref())));
  }


  /** StackStorm's system trigger types and those the packs' sensors declare. */
  private java.util.List<TriggerType> allTriggerTypes() {
    return java.util.stream.Stream.concat(SystemTriggerTypes.all().stream(), packTriggerTypes.get().stream()).toList();
  }
  private static boolean sameApartFromEnabled(Rule a, Rule b) {
    return b.metadataFile() != null && a.pack().equals(b.pack()) && a.name().equals(b.name())
        && java.util.Objects.equals(a.description(), b.description()) && a.ruleType().equals(b.ruleType())
        && a.trigger().equals(b.trigger()) && a.criteria().equals(b.criteria()) && a.action().equals(b.action());
  }

  /** StackStorm's answer (its spelling too): what was re-sent, not the new instance. */
  private void reemit(Context ctx) {
    TriggerInstance again = rules.reemit(ctx.pathParam("id"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("message", "Trigger instance " + ctx.pathParam("id") + " succesfully re-sent.");
    out.put("payload", again.payload());
    ctx.json(out);
  }

  private void webhook(Context ctx) {
    Map<String, Object> body = Body.parse(json, ctx.body(), null).asMap();
    TriggerInstance ti = webhooks.fire(ctx.pathParam("name"), body, ctx.headerMap());
    ctx.status(202).json(body.isEmpty() ? Map.of("trigger_instance", ti.id()) : body);
  }

  /** StackStorm's two rule types; Squall's rules engine runs both. */
  static final List<Map<String, Object>> RULE_TYPES = List.of(
      ruleType("standard", "standard rule that is always applicable."),
      ruleType("backstop", "Rule that applies when no other rule has matched for a specific Trigger."));

  private static Map<String, Object> ruleType(String name, String description) {
    return Map.of("id", name, "name", name, "description", description, "enabled", true, "parameters", Map.of());
  }

  private List<TriggerRef> triggers(java.util.function.Predicate<TriggerRef> which) {
    return rules.rules().stream().map(r -> r.trigger().ref()).distinct().filter(which).toList();
  }

  private static boolean isWebhook(TriggerRef t) {
    return t.type().equals(SystemTriggerTypes.WEBHOOK.ref());
  }

  private Rule rule(String ref) {
    return rules.rules().stream().filter(r -> r.ref().equals(ref)).findFirst()
        .orElseThrow(() -> new NotFoundException("Rule with ref \"" + ref + "\" not found"));
  }

  /** A rule as st2web shows it: with its trigger type's description beside the trigger. */
  static Map<String, Object> ruleView(Rule r) {
    Map<String, Object> m = rule(r);
    Map<String, Object> trigger = new LinkedHashMap<>(Map.of("type", r.trigger().type(),
        "parameters", r.trigger().parameters()));
    SystemTriggerTypes.all().stream().filter(t -> t.ref().equals(r.trigger().type())).findFirst()
        .ifPresent(t -> trigger.put("description", t.description()));
    m.put("trigger", trigger);
    return m;
  }

  /** An enforcement with the trigger instance it enforced, as StackStorm's view has it. */
  private Map<String, Object> enforcementView(RuleEnforcement e) {
    Map<String, Object> m = enforcement(e);
    try {
      m.put("trigger_instance", instance(rules.instance(e.triggerInstanceId())));
    } catch (NotFoundException purged) {
      // Its trigger instance was purged before it: the enforcement is shown alone.
    }
    return m;
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
