package dev.squall.engine.alias;

import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.ApprovalRule;
import dev.squall.core.alias.AliasFormatParser;
import dev.squall.core.alias.AliasMatch;
import dev.squall.core.alias.AliasParameters;
import dev.squall.core.alias.AliasPattern;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.template.ResultTemplates;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.inquiry.Approvals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a chat command into executions through an alias, as StackStorm's {@code aliasexecution}
 * does (spec §3.4): format check, parse, immutable parameters, casting, the chat notification,
 * the execution context, and the rendered ack. The API and the bot both run commands here.
 */
public final class AliasExecutor {

  /**
   * One execution started by an alias, with its ack.
   *
   * @param message the rendered {@code ack.format} (the API's {@code message}), or null
   * @param extra the rendered {@code ack.extra}, or null
   * @param chatAck what the chat room is told: the message, else hubot's canned ack, its
   *     {@code {~}} joined, followed by
   *     the web UI's link unless {@code ack.append_url} is false; null when {@code ack.enabled} is
   *     false
   */
  public record Result(Execution execution, ActionAlias alias, String message, Object extra, String chatAck) {}

  private final AliasRegistry aliases;
  private final Catalog catalog;
  private final ExecutionService executions;
  private final ExecutionView view;
  private final TemplateEngine templates;
  private final ResultTemplates results;

  public AliasExecutor(AliasRegistry aliases, Catalog catalog, ExecutionService executions,
      ExecutionView view, TemplateEngine templates) {
    this.aliases = aliases;
    this.catalog = catalog;
    this.executions = executions;
    this.view = view;
    this.templates = templates;
    this.results = new ResultTemplates(templates);
  }

  public AliasRegistry registry() {
    return aliases;
  }

  /** The one alias matching a command, or 400 with StackStorm's messages. */
  public AliasMatch match(String command) {
    return aliases.matcher().match(command);
  }

  /** {@code POST /aliasexecution}: the client names the alias and the format it matched. */
  public List<Result> execute(String aliasName, String format, AliasCommand cmd) {
    if (aliasName == null || aliasName.isBlank()) {
      throw new BadRequestException("Alias execution \"name\" is required");
    }
    ActionAlias alias = aliases.get(aliasName);
    if (!alias.enabled()) {
      throw new BadRequestException("Action alias with name \"" + aliasName + "\" is disabled.");
    }
    AliasPattern pattern = AliasPattern.of(alias).stream()
        .filter(p -> p.representation().equals(format == null ? "" : format))
        .findFirst()
        .orElseThrow(() -> new BadRequestException(
            "Format string \"" + format + "\" is not available on the alias \"" + alias.name() + "\""));
    Set<String> known = AliasRegistry.parameterNames(catalog, alias.actionRef());
    List<Map<String, String>> sets = pattern.matchMultiple()
        ? AliasFormatParser.parseMultiple(pattern.representation(), cmd.command(), known)
        : List.of(AliasFormatParser.parse(pattern.representation(), cmd.command(), known));
    return run(new AliasMatch(alias, pattern.display(), pattern.representation(), pattern.matchMultiple(), sets), cmd);
  }

  /** {@code POST /aliasexecution/match_and_execute}: the server picks the alias. */
  public List<Result> matchAndExecute(AliasCommand cmd) {
    return run(match(cmd.command()), cmd);
  }

  /** Runs an already matched command (the bot matched it to answer typos and ambiguity itself). */
  public List<Result> run(AliasMatch match, AliasCommand cmd) {
    ActionAlias alias = match.alias();
    Collection<ParameterSpec> specs = specs(alias);
    List<Map<String, Object>> paramSets = AliasParameters.prepare(match,
        AliasParameters.typesOf(specs), AliasParameters.secretsOf(specs),
        value -> templates.renderValue(value, Map.of()));
    Map<String, Object> context = context(alias, cmd);
    java.util.Optional<ApprovalRule> approval = ApprovalRule.of(alias.extra());
    List<Result> out = new ArrayList<>();
    for (Map<String, Object> params : paramSets) {
      Execution e = approval.isPresent()
          ? executions.submitPending(alias.actionRef(), params,
              Approvals.pendingContext(context, approval.get(), cmd.runAs()))
          : executions.submit(alias.actionRef(), params, context);
      // the alias's own rule, or the action's (ExecutionService holds an action that declares one)
      java.util.Optional<ApprovalRule> waits = approval.isPresent() ? approval
          : e.status() == dev.squall.engine.execution.model.ExecutionStatus.PENDING ? Approvals.ruleOf(e)
          : java.util.Optional.empty();
      out.add(waits.isPresent() ? waiting(alias, e, waits.get()) : ack(alias, e));
    }
    return out;
  }

  /** The ack of an execution that waits for approvals: who may approve, and how. */
  private static Result waiting(ActionAlias alias, Execution e, ApprovalRule rule) {
    String text = alias.actionRef() + " (" + e.id() + ") waits for " + rule.count() + " approval"
        + (rule.count() == 1 ? "" : "s") + " from " + rule.shownApprovers()
        + (rule.ttl() == null ? "" : " within " + rule.ttl().toSeconds() + " s") + ". Answer with `!approve "
        + e.id() + "` or `!deny " + e.id() + "` (a unique prefix of the id will do).";
    return new Result(e, alias, text, null, text);
  }

  /** The one place an ack is rendered, for the API and for chat. */
  private Result ack(ActionAlias alias, Execution e) {
    Map<String, Object> ack = alias.ack();
    if (Boolean.FALSE.equals(ack.get("enabled"))) {
      return new Result(e, alias, null, null, null);
    }
    String message = null;
    Object extra = null;
    if (!ack.isEmpty()) {
      Map<String, Object> executionMap = view.render(e, false);
      Map<String, Object> aliasMap = AliasView.of(alias);
      message = ack.get("format") instanceof String f ? results.renderAck(f, executionMap, aliasMap) : null;
      extra = ack.containsKey("extra") ? results.renderAckExtra(ack.get("extra"), executionMap, aliasMap) : null;
    }
    String chat = ResultTemplates.joinPretext(message != null ? message : ResultTemplates.defaultAck(e.id(), 2));
    String url = Boolean.FALSE.equals(ack.get("append_url")) ? null : view.webUrl(e.id()).orElse(null);
    return new Result(e, alias, message, extra, url == null ? chat : chat + " (details available at " + url + ")");
  }

  private Collection<ParameterSpec> specs(ActionAlias alias) {
    return catalog.action(alias.actionRef())
        .flatMap(action -> catalog.runnerType(action.runnerType())
            .map(runner -> ParameterSchema.of(runner, action).parameters().values()))
        .orElse(List.of());
  }

  /** StackStorm's alias execution context, and the notification that brings the result back. */
  private static Map<String, Object> context(ActionAlias alias, AliasCommand cmd) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("action_alias_ref", Map.of("id", alias.ref(), "name", alias.name()));
    context.put("api_user", cmd.user());
    context.put("user", cmd.runAs());
    context.put("source_channel", cmd.sourceChannel());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("user", cmd.user());
    data.put("source_channel", cmd.sourceChannel());
    data.put("source_context", cmd.sourceContext());
    List<Object> routes = new ArrayList<>();
    routes.add(cmd.notificationRoute());
    Map<String, Object> onComplete = new LinkedHashMap<>();
    onComplete.put("routes", routes);
    onComplete.put("data", data);
    context.put("notify", Map.of("on_complete", onComplete));
    return context;
  }
}
