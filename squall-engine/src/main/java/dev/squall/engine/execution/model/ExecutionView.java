package dev.squall.engine.execution.model;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.pack.Catalog;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An execution as StackStorm's API shows it (ActionExecutionAPI): the action summary, the runner,
 * masked parameters, context, status, timestamps with microseconds and a {@code Z}, result and log.
 * Secret parameters are masked here unless the caller may see them.
 */
public final class ExecutionView {

  private static final DateTimeFormatter ST2_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private final Catalog catalog;
  private final Supplier<String> webUrl;

  /** @param webUrl the web UI's base URL for {@code web_url}, or null */
  public ExecutionView(Catalog catalog, String webUrl) {
    this(catalog, () -> webUrl);
  }

  /**
   * @param webUrl the web UI's base URL for {@code web_url}, or null while there is none (the
   *     server's own URL is known only once it listens)
   */
  public ExecutionView(Catalog catalog, Supplier<String> webUrl) {
    this.catalog = catalog;
    this.webUrl = webUrl;
  }

  public static String time(Instant t) {
    return t == null ? null : ST2_TIME.format(t.truncatedTo(ChronoUnit.MICROS));
  }

  public Map<String, Object> render(Execution e, boolean showSecrets) {
    ActionDef action = catalog.action(e.actionRef()).orElse(null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("action", actionSummary(e, action));
    m.put("runner", Map.of("name", e.runnerType()));
    m.put("liveaction", Map.of("id", e.id(), "action", e.actionRef(), "status", e.status().wire()));
    m.put("status", e.status().wire());
    m.put("start_timestamp", time(e.startTimestamp()));
    if (e.endTimestamp() != null) {
      m.put("end_timestamp", time(e.endTimestamp()));
      m.put("elapsed_seconds", e.elapsedSeconds());
    }
    m.put("parameters", showSecrets ? e.parameters() : mask(e, action));
    m.put("context", e.context());
    if (e.parentId() != null) {
      m.put("parent", e.parentId());
    }
    m.put("result", e.resultValue());
    List<Map<String, Object>> log = e.log().stream()
        .map(c -> Map.<String, Object>of("status", c.status().wire(), "timestamp", time(c.timestamp())))
        .toList();
    m.put("log", log);
    webUrl(e.id()).ifPresent(url -> m.put("web_url", url));
    return m;
  }

  /** The execution's page in the web UI ({@code web_url}), when a web UI is configured. */
  public java.util.Optional<String> webUrl(String executionId) {
    String base = webUrl.get();
    return base == null ? java.util.Optional.empty()
        : java.util.Optional.of(base.replaceAll("/+$", "") + "/#/history/" + executionId + "/general");
  }

  private static Map<String, Object> actionSummary(Execution e, ActionDef action) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("ref", e.actionRef());
    int dot = e.actionRef().indexOf('.');
    a.put("pack", dot < 0 ? "" : e.actionRef().substring(0, dot));
    a.put("name", dot < 0 ? e.actionRef() : e.actionRef().substring(dot + 1));
    a.put("runner_type", e.runnerType());
    if (action != null) {
      a.put("description", action.description());
      a.put("enabled", action.enabled());
    }
    return a;
  }

  /**
   * The execution's parameters with the values of its secret ones (those it records, and those
   * its action or runner declares {@code secret}) replaced by StackStorm's mask. An execution
   * whose action is gone is shown without parameters at all.
   */
  public Map<String, Object> mask(Execution e, ActionDef action) {
    return masked(e, action == null ? null : catalog.runnerType(action.runnerType())
        .map(runner -> ParameterSchema.of(runner, action))
        .orElseGet(() -> ParameterSchema.of(action.parameters())));
  }

  /** The one masking of an execution's parameters, against its action's schema (or null). */
  public static Map<String, Object> masked(Execution e, ParameterSchema schema) {
    if (schema == null) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>(schema.maskSecrets(e.parameters()));
    e.secretParameters().forEach(name -> out.computeIfPresent(name, (k, v) -> ParameterSchema.MASK));
    return java.util.Collections.unmodifiableMap(out);
  }
}
