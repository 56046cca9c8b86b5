package dev.squall.engine.params;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.RunnerType;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.template.ParameterRenderer;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.datastore.Datastore;
import dev.squall.engine.execution.ParameterResolver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * StackStorm's parameter pipeline for one execution: the action's parameters merged over its
 * runner's, the caller's values checked and cast, then defaults and immutable values rendered as
 * templates (against other parameters, {@code st2kv}, {@code config_context} and
 * {@code action_context}), with values landing in a shell command line shell-quoted.
 */
public final class ActionParameters implements ParameterResolver {

  /** Runner parameters whose value is a shell command line. */
  private static final Map<String, Set<String>> SHELL_PARAMETERS = Map.of(
      "local-shell-cmd", Set.of("cmd"), "remote-shell-cmd", Set.of("cmd"));

  private final Catalog catalog;
  private final TemplateEngine templates;
  private final Datastore datastore;
  private final PackConfigs configs;

  public ActionParameters(Catalog catalog, TemplateEngine templates, Datastore datastore, Path configDir) {
    this.catalog = catalog;
    this.templates = templates;
    this.datastore = datastore;
    this.configs = new PackConfigs(catalog, configDir);
  }

  public PackConfigs configs() {
    return configs;
  }

  @Override
  public Resolved resolve(ActionDef action, Map<String, Object> given, EventData event,
      Map<String, Object> context) {
    RunnerType runner = catalog.runnerType(action.runnerType()).orElseThrow(() ->
        new BadRequestException("Unknown runner \"" + action.runnerType() + "\" for action " + action.ref()));
    ParameterSchema schema = ParameterSchema.of(runner, action);
    Set<String> shell = SHELL_PARAMETERS.getOrDefault(action.runnerType(), Set.of());
    String user = context.get("user") instanceof String u ? u : null;
    ParameterRenderer renderer = new ParameterRenderer(templates, datastore.lookup(user));
    Set<String> secretGiven = Set.of();
    Set<String> secretTexts = new HashSet<>();
    if (event != null) {
      // A rule's templates, rendered first by the same quoting as everything else; what they
      // give is then checked like any caller's values.
      ParameterRenderer.Rendered rendered =
          renderer.renderTemplates(given, event.variables(), shell);
      given = rendered.values();
      secretGiven = rendered.secrets();
      secretTexts.addAll(rendered.secretTexts());
    }
    Map<String, Object> checked = schema.validateAndCast(given);
    // Only what the caller gave is "live": defaults are the author's text, rendered below.
    Map<String, Object> live = new LinkedHashMap<>();
    given.keySet().forEach(k -> {
      if (checked.containsKey(k)) {
        live.put(k, checked.get(k));
      }
    });
    Map<String, Object> variables = new HashMap<>();
    variables.put("config_context", configs.values(action.pack()));
    variables.put("action_context", context);
    ParameterRenderer.Rendered out =
        renderer.renderAll(schema.parameters(), live, variables, shell, secretGiven);
    secretTexts.addAll(out.secretTexts());
    return new Resolved(out.values(), out.secrets(), secretTexts);
  }

  @Override
  public Map<String, Object> rerunnable(ActionDef action, Map<String, Object> stored) {
    Map<String, Object> out = new LinkedHashMap<>(stored);
    catalog.runnerType(action.runnerType()).ifPresent(runner ->
        ParameterSchema.of(runner, action).parameters().forEach((name, spec) -> {
          if (spec.immutable()) {
            out.remove(name);
          }
        }));
    return out;
  }
}
