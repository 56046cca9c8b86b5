package dev.squall.engine.alias;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.template.ResultTemplates;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionView;
import java.util.Map;
import java.util.Optional;

/**
 * An alias execution's result as chat shows it (StackStorm's {@code format_execution_result}):
 * the alias's {@code result.format}, or StackStorm's default template, rendered against
 * {@code {execution, alias}}, and its {@code result.extra}. Every way a result reaches chat — the
 * bot's own adapters, or external bots on the stream — renders here.
 */
public final class AliasResults {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AliasResults.class);

  /** @param enabled false when the alias turned results off ({@code result.enabled: false}) */
  public record Rendered(boolean enabled, String message, Object extra, ActionAlias alias) {}

  private final AliasRegistry aliases;
  private final ExecutionView view;
  private final ResultTemplates templates;

  public AliasResults(AliasRegistry aliases, ExecutionView view, TemplateEngine templates) {
    this.aliases = aliases;
    this.view = view;
    this.templates = new ResultTemplates(templates);
  }

  public Rendered render(Execution e) {
    ActionAlias alias = aliasOf(e).orElse(null);
    Map<String, Object> result = alias == null ? Map.of() : alias.result();
    Map<String, Object> executionMap = view.render(e, false);
    Map<String, Object> aliasMap = alias == null ? Map.of() : AliasView.of(alias);
    String format = result.get("format") instanceof String f ? f : null;
    String message;
    try {
      message = templates.renderResult(format, executionMap, aliasMap);
    } catch (BadRequestException broken) {
      // A broken result template must not swallow the result: say so, then show the default.
      message = "The result format of alias " + alias.ref() + " cannot be rendered: " + broken.getMessage()
          + "\n" + templates.renderResult(null, executionMap, aliasMap);
    }
    Object extra = null;
    if (result.containsKey("extra")) {
      try {
        extra = templates.renderResultExtra(result.get("extra"), executionMap, aliasMap);
      } catch (BadRequestException broken) {
        LOG.warn("alias {}: result.extra cannot be rendered: {}", alias.ref(), broken.getMessage());
      }
    }
    return new Rendered(!Boolean.FALSE.equals(result.get("enabled")), message, extra, alias);
  }

  /** The alias an execution was started through ({@code context.action_alias_ref.id}). */
  public Optional<ActionAlias> aliasOf(Execution e) {
    if (e.context().get("action_alias_ref") instanceof Map<?, ?> ref && ref.get("id") instanceof String id) {
      return aliases.find(id);
    }
    return Optional.empty();
  }
}
