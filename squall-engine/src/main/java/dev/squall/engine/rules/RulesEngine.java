package dev.squall.engine.rules;

import dev.squall.core.rule.Criteria;
import dev.squall.core.rule.CriteriaResult;
import dev.squall.core.rule.PatternRenderer;
import dev.squall.core.rule.Rule;
import dev.squall.core.template.KeyValueLookup;
import dev.squall.core.template.KeyValueScope;
import dev.squall.core.template.TemplateEngine;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.core.trigger.TriggerRef;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.ParameterResolver;
import dev.squall.engine.execution.model.Execution;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * StackStorm's rules engine: every trigger instance is stored, then each enabled rule listening
 * to its trigger is tested ({@link Criteria}, patterns rendered against {@code {trigger:
 * payload}} and {@code st2kv}); a matching rule submits an execution as the system user, its
 * action parameters rendered against the payload by the execution's own parameter pipeline (so
 * event data lands in a command line shell-quoted, like any caller's value). Backstop rules fire only when no standard rule
 * matched. Each firing leaves a {@link RuleEnforcement}, failed ones with the reason.
 *
 * <p>Rules are held in memory and replaced as a whole ({@link #setRules}), e.g. when packs load.
 */
public final class RulesEngine implements TriggerDispatcher {

  /** The user rule-started executions run as (StackStorm's {@code stanley}). */
  public static final String SYSTEM_USER = "squall";

  private static final System.Logger LOG = System.getLogger(RulesEngine.class.getName());

  private final TriggerStore store;
  private final ExecutionService executions;
  private final TemplateEngine templates;
  private final KeyValueLookup keyValues;
  private final Clock clock;
  private final Criteria criteria;
  private volatile List<Rule> rules = List.of();

  /**
   * @param db the store's data source ({@code Database.dataSource()})
   * @param keyValues answers {@code st2kv.*} in criteria and parameters
   */
  public RulesEngine(DataSource db, ExecutionService executions, TemplateEngine templates,
      KeyValueLookup keyValues, Clock clock) {
    this.store = new TriggerStore(db);
    this.executions = executions;
    this.templates = templates;
    this.keyValues = keyValues;
    this.clock = clock;
    PatternRenderer patterns = (pattern, context) -> templates.renderValue(pattern,
        variables(context));
    this.criteria = new Criteria(clock, patterns);
  }

  /** Replaces the rules (enabled and disabled; only enabled ones fire). */
  public void setRules(List<Rule> newRules) {
    this.rules = List.copyOf(newRules);
  }

  public List<Rule> rules() {
    return rules;
  }

  @Override
  public TriggerInstance dispatch(String triggerType, Map<String, Object> parameters,
      Map<String, Object> payload) {
    Map<String, Object> params = parameters == null ? Map.of() : parameters;
    List<Rule> listening = rules.stream().filter(Rule::enabled)
        .filter(r -> listensTo(r, triggerType, params)).toList();
    // Most instances (every finished execution's actiontrigger) have no rule: one write.
    TriggerInstance instance = new TriggerInstance(Ids.next(now().getEpochSecond()),
        TriggerRef.of(triggerType, params).ref(), triggerType, params, payload, now(),
        listening.isEmpty() ? TriggerInstance.PROCESSED : TriggerInstance.PROCESSING);
    store.insert(instance);
    return listening.isEmpty() ? instance : process(instance, listening);
  }

  /**
   * Finishes trigger instances a crash left {@code processing}: each rule that matches and has
   * no enforcement for the instance yet fires now (so none fires twice). Call once on start,
   * before new instances arrive. Returns how many instances it finished.
   */
  public int recover() {
    List<TriggerInstance> stuck = store.instances(TriggerInstance.PROCESSING, 0);
    for (TriggerInstance instance : stuck) {
      java.util.Set<String> done = new java.util.HashSet<>();
      store.enforcements(null, instance.id(), 0).forEach(e -> done.add(e.ruleRef()));
      List<Rule> listening = rules.stream().filter(Rule::enabled)
          .filter(r -> listensTo(r, instance.triggerType(), instance.triggerParameters()))
          .filter(r -> !done.contains(r.ref()))
          .toList();
      LOG.log(System.Logger.Level.WARNING, "trigger instance " + instance.id() + " of "
          + instance.triggerType() + " was being processed when Squall stopped; finishing it ("
          + done.size() + " rule(s) had fired)");
      // once a rule has fired, a backstop must not
      process(instance, done.isEmpty() ? listening : listening.stream()
          .filter(r -> r.ruleType().equals(Rule.STANDARD)).toList());
    }
    return stuck.size();
  }

  /** Processes a stored trigger instance again, as a new instance with the same payload. */
  public TriggerInstance reemit(String instanceId) {
    TriggerInstance old = instance(instanceId);
    return dispatch(old.triggerType(), old.triggerParameters(), old.payload());
  }

  /** @throws dev.squall.core.error.NotFoundException when there is no such instance */
  public TriggerInstance instance(String id) {
    return store.instance(id).orElseThrow(() -> TriggerStore.instanceNotFound(id));
  }

  /** Newest first; {@code status} null for all; {@code limit} 0 or less for no limit. */
  public List<TriggerInstance> instances(String status, int limit) {
    return store.instances(status, limit);
  }

  /** Newest first; null filters match everything; {@code limit} 0 or less for no limit. */
  public List<RuleEnforcement> enforcements(String ruleRef, String triggerInstanceId, int limit) {
    return store.enforcements(ruleRef, triggerInstanceId, limit);
  }

  /** @throws dev.squall.core.error.NotFoundException when there is no such enforcement */
  public RuleEnforcement enforcement(String id) {
    return store.enforcement(id).orElseThrow(() -> new dev.squall.core.error.NotFoundException(
        "RuleEnforcement with id \"" + id + "\" not found"));
  }

  /** Whether {@code rule} listens to the trigger of this type and these parameters. */
  static boolean listensTo(Rule rule, String type, Map<String, Object> parameters) {
    if (!rule.trigger().type().equals(type)) {
      return false;
    }
    if (type.equals(SystemTriggerTypes.WEBHOOK.ref())) {
      return rule.trigger().parameters().get("url") instanceof String url
          && parameters.get("url") instanceof String given
          && SystemTriggerTypes.normalizeWebhookUrl(url)
              .equals(SystemTriggerTypes.normalizeWebhookUrl(given));
    }
    return rule.trigger().ref().equals(TriggerRef.of(type, parameters));
  }

  private TriggerInstance process(TriggerInstance instance, List<Rule> listening) {
    try {
      List<Rule> matched = matching(listening, Rule.STANDARD, instance);
      if (matched.isEmpty()) {
        matched = matching(listening, Rule.BACKSTOP, instance);
      }
      for (Rule rule : matched) {
        enforce(rule, instance);
      }
      store.setStatus(instance.id(), TriggerInstance.PROCESSED);
      return instance.withStatus(TriggerInstance.PROCESSED);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "processing trigger instance " + instance.id() + " of "
          + instance.triggerType() + " failed", e);
      store.setStatus(instance.id(), TriggerInstance.PROCESSING_FAILED);
      return instance.withStatus(TriggerInstance.PROCESSING_FAILED);
    }
  }

  private List<Rule> matching(List<Rule> listening, String ruleType, TriggerInstance instance) {
    List<Rule> out = new ArrayList<>();
    for (Rule rule : listening) {
      if (!rule.ruleType().equals(ruleType)) {
        continue;
      }
      CriteriaResult r = criteria.matches(rule.criteria(), instance.payload());
      if (r.matched()) {
        out.add(rule);
      } else {
        LOG.log(System.Logger.Level.DEBUG, () -> "rule " + rule.ref() + " does not match trigger"
            + " instance " + instance.id() + ": " + r.reason());
      }
    }
    return out;
  }

  private void enforce(Rule rule, TriggerInstance instance) {
    String executionId = null;
    String failure = null;
    try {
      // The parameters are rendered by the execution's own pipeline, with the payload as
      // untrusted data: shell-quoted in a command line like any caller's value (divergence 12).
      Execution e = executions.submit(rule.action().ref(), rule.action().parameters(),
          ParameterResolver.EventData.trigger(instance.payload()), context(rule, instance));
      executionId = e.id();
    } catch (RuntimeException e) {
      failure = "Rule " + rule.ref() + " could not run action " + rule.action().ref() + ": "
          + message(e);
    }
    if (failure != null) {
      LOG.log(System.Logger.Level.WARNING, failure);
    }
    store.insert(new RuleEnforcement(Ids.next(now().getEpochSecond()), rule.ref(),
        instance.id(), executionId, failure, now()));
  }

  private static Map<String, Object> context(Rule rule, TriggerInstance instance) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("trigger_instance", Map.of("id", instance.id(), "name", instance.triggerRef()));
    ctx.put("rule", Map.of("ref", rule.ref(), "name", rule.name(), "pack", rule.pack()));
    ctx.put("user", SYSTEM_USER);
    return ctx;
  }

  private Map<String, Object> variables(Map<String, Object> base) {
    Map<String, Object> vars = new HashMap<>(base);
    vars.put("st2kv", KeyValueScope.of(keyValues));
    return vars;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static String message(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
