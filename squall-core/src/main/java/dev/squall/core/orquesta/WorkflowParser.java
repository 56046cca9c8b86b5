package dev.squall.core.orquesta;

import dev.squall.core.orquesta.WorkflowSpec.ItemsSpec;
import dev.squall.core.orquesta.WorkflowSpec.Named;
import dev.squall.core.orquesta.WorkflowSpec.RetrySpec;
import dev.squall.core.orquesta.WorkflowSpec.TaskSpec;
import dev.squall.core.orquesta.WorkflowSpec.TransitionSpec;
import dev.squall.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an orquesta workflow definition and checks it against orquesta's schema (the
 * {@code _schema} of each spec in {@code orquesta/specs/native/v1/models.py}: unknown keys,
 * wrong types, missing {@code tasks}), reporting each violation as a syntax
 * {@link InspectionError} with jsonschema's wording and paths. Returns a spec only when the
 * syntax is valid.
 */
public final class WorkflowParser {

  /** The outcome: the spec (null when the syntax is wrong) and the syntax errors. */
  public record Parsed(WorkflowSpec spec, List<InspectionError> syntaxErrors) {}

  private static final Pattern TASK_NAME = Pattern.compile("^\\w+$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final String TASK_SCHEMA = "properties.tasks.patternProperties.^\\w+$";

  private final List<InspectionError> errors = new ArrayList<>();

  private WorkflowParser() {}

  /** Parses the root of {@code doc}. */
  public static Parsed parse(YamlDocument doc) {
    WorkflowParser p = new WorkflowParser();
    WorkflowSpec spec = p.workflow(Values.plain(doc.root()));
    List<InspectionError> located = p.errors.stream()
        .map(e -> e.withLine(Inspector.lineOf(doc, e.specPath()))).toList();
    return new Parsed(located.isEmpty() ? spec : null, located);
  }

  private void error(String message, String specPath, String schemaPath) {
    errors.add(new InspectionError("syntax", null, null, message, specPath, schemaPath, 0));
  }

  @SuppressWarnings("unchecked")
  private WorkflowSpec workflow(Object root) {
    if (!(root instanceof Map<?, ?> raw)) {
      error(repr(root) + " is not of type 'object'", null, "type");
      return null;
    }
    Map<String, Object> m = (Map<String, Object>) raw;
    allowed(m, Set.of("version", "description", "input", "vars", "output", "tasks"), "", "");
    Object version = m.get("version");
    if (m.containsKey("version") && !(version instanceof Double d && d == 1.0) && !"1.0".equals(version)) {
      error(repr(version) + " is not one of ['1.0', 1.0]", "version", "properties.version.enum");
    }
    String description = optionalString(m, "description", "description", "properties.description");
    List<Named> input = namedList(m.get("input"), "input", "properties.input", true);
    List<Named> vars = namedList(m.get("vars"), "vars", "properties.vars", false);
    List<Named> output = namedList(m.get("output"), "output", "properties.output", false);
    Map<String, TaskSpec> tasks = new LinkedHashMap<>();
    Object rawTasks = m.get("tasks");
    if (!m.containsKey("tasks")) {
      error("'tasks' is a required property", null, "required");
    } else if (!(rawTasks instanceof Map<?, ?> tm)) {
      error(repr(rawTasks) + " is not of type 'object'", "tasks", "properties.tasks.type");
    } else if (tm.isEmpty()) {
      error("{} does not have enough properties", "tasks", "properties.tasks.minProperties");
    } else {
      ((Map<String, Object>) tm).forEach((name, def) -> {
        if (!TASK_NAME.matcher(name).matches()) {
          error("Additional properties are not allowed ('" + name + "' was unexpected)", "tasks",
              "properties.tasks.additionalProperties");
        } else {
          TaskSpec t = task(name, def);
          if (t != null) {
            tasks.put(name, t);
          }
        }
      });
    }
    return new WorkflowSpec(description, input, vars, tasks, output);
  }

  @SuppressWarnings("unchecked")
  private TaskSpec task(String name, Object def) {
    String path = "tasks." + name;
    if (def == null) {
      def = Map.of();
    }
    if (!(def instanceof Map<?, ?> raw)) {
      error(repr(def) + " is not of type 'object'", path, TASK_SCHEMA + ".type");
      return null;
    }
    Map<String, Object> m = (Map<String, Object>) raw;
    allowed(m, Set.of("delay", "join", "with", "action", "input", "retry", "next"), path,
        TASK_SCHEMA);
    Object delay = stringOrPositiveInt(m, "delay", path, TASK_SCHEMA);
    Object join = m.get("join");
    if (m.containsKey("join") && !"all".equals(join) && !(Values.isInteger(join) && ((Number) join).longValue() >= 0)) {
      error(repr(join) + " is not valid under any of the given schemas", path + ".join",
          TASK_SCHEMA + ".properties.join.oneOf");
    }
    String action = optionalString(m, "action", path + ".action", TASK_SCHEMA + ".properties.action");
    Object input = m.get("input");
    if (m.containsKey("input") && !(input instanceof String s && !s.isEmpty())
        && !(input instanceof Map<?, ?> im && !im.isEmpty())) {
      error(repr(input) + " is not valid under any of the given schemas", path + ".input",
          TASK_SCHEMA + ".properties.input.oneOf");
    }
    List<Named> inline = InlineParams.parse(action);
    if (!inline.isEmpty()) {
      action = action.substring(0, action.indexOf(' '));
      Map<String, Object> params = new LinkedHashMap<>();
      inline.forEach(p -> params.put(p.name(), p.value()));
      input = params;
    }
    ItemsSpec with = items(m.get("with"), path + ".with");
    RetrySpec retry = retry(m.get("retry"), path + ".retry");
    List<TransitionSpec> next = transitions(m.get("next"), path + ".next");
    return new TaskSpec(name, action, input, delay, join, with, retry, next);
  }

  @SuppressWarnings("unchecked")
  private ItemsSpec items(Object raw, String path) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof String s) {
      raw = Map.of("items", s); // the shorthand "with: <% ... %>"
    }
    if (!(raw instanceof Map<?, ?> rm)) {
      error(repr(raw) + " is not of type 'object'", path, TASK_SCHEMA + ".properties.with.type");
      return null;
    }
    Map<String, Object> m = (Map<String, Object>) rm;
    String schema = TASK_SCHEMA + ".properties.with";
    allowed(m, Set.of("items", "concurrency"), path, schema);
    Object items = m.get("items");
    if (!(items instanceof String s) || s.isEmpty()) {
      error(items == null ? "'items' is a required property" : repr(items) + " is not of type 'string'",
          path + ".items", schema + ".properties.items");
      return null;
    }
    if (!Expressions.ITEMS.matcher(s).matches()) {
      error(repr(s) + " does not match the with items pattern", path + ".items",
          schema + ".properties.items.pattern");
    }
    return new ItemsSpec(s, stringOrPositiveInt(m, "concurrency", path, schema));
  }

  @SuppressWarnings("unchecked")
  private RetrySpec retry(Object raw, String path) {
    if (raw == null) {
      return null;
    }
    String schema = TASK_SCHEMA + ".properties.retry";
    if (!(raw instanceof Map<?, ?> rm)) {
      error(repr(raw) + " is not of type 'object'", path, schema + ".type");
      return null;
    }
    Map<String, Object> m = (Map<String, Object>) rm;
    allowed(m, Set.of("when", "count", "delay"), path, schema);
    if (!m.containsKey("count")) {
      error("'count' is a required property", path, schema + ".required");
    }
    String when = optionalString(m, "when", path + ".when", schema + ".properties.when");
    return new RetrySpec(when, stringOrPositiveInt(m, "count", path, schema),
        stringOrPositiveInt(m, "delay", path, schema));
  }

  @SuppressWarnings("unchecked")
  private List<TransitionSpec> transitions(Object raw, String path) {
    List<TransitionSpec> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    String schema = TASK_SCHEMA + ".properties.next";
    if (!(raw instanceof List<?> list)) {
      error(repr(raw) + " is not of type 'array'", path, schema + ".type");
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      String p = path + "[" + i + "]";
      String s = schema + ".items";
      if (!(list.get(i) instanceof Map<?, ?> rm)) {
        error(repr(list.get(i)) + " is not of type 'object'", p, s + ".type");
        continue;
      }
      Map<String, Object> m = (Map<String, Object>) rm;
      allowed(m, Set.of("when", "publish", "do"), p, s);
      String when = optionalString(m, "when", p + ".when", s + ".properties.when");
      List<Named> publish = new ArrayList<>();
      Object pub = m.get("publish");
      if (pub instanceof String ps && !ps.isEmpty()) {
        publish = InlineParams.parse(ps);
      } else if (pub != null) {
        publish = namedList(pub, p + ".publish", s + ".properties.publish", false);
      }
      List<String> targets = new ArrayList<>();
      Object doSpec = m.get("do");
      if (doSpec instanceof String ds && !ds.isEmpty()) {
        for (String t : ds.split(",")) {
          targets.add(t.strip());
        }
      } else if (doSpec instanceof List<?> dl && !dl.isEmpty()
          && dl.stream().allMatch(x -> x instanceof String str && !str.isEmpty())
          && new HashSet<>(dl).size() == dl.size()) {
        dl.forEach(x -> targets.add((String) x));
      } else if (doSpec != null) {
        error(repr(doSpec) + " is not valid under any of the given schemas", p + ".do",
            s + ".properties.do.oneOf");
      }
      if (targets.isEmpty()) {
        targets.add("continue");
      }
      out.add(new TransitionSpec(i, when, publish, targets));
    }
    return out;
  }

  /** A list of one-key maps ({@code vars}, {@code output}, {@code publish}), or names for input. */
  @SuppressWarnings("unchecked")
  private List<Named> namedList(Object raw, String path, String schema, boolean namesAllowed) {
    List<Named> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      error(repr(raw) + (raw instanceof List<?> ? " is too short" : " is not of type 'array'"),
          path, schema + (raw instanceof List<?> ? ".minItems" : ".type"));
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (namesAllowed && item instanceof String s && !s.isEmpty()) {
        out.add(new Named(s, null));
      } else if (item instanceof Map<?, ?> m && m.size() == 1
          && TASK_NAME.matcher(String.valueOf(m.keySet().iterator().next())).matches()) {
        Map.Entry<String, Object> e = ((Map<String, Object>) m).entrySet().iterator().next();
        out.add(new Named(e.getKey(), e.getValue()));
      } else {
        error(repr(item) + " is not valid under any of the given schemas", path + "[" + i + "]",
            schema + ".items" + (namesAllowed ? ".oneOf" : ""));
        continue;
      }
      if (!seen.add(out.getLast().name())) {
        error(repr(list) + " has non-unique elements", path, schema + ".uniqueItems");
      }
    }
    return out;
  }

  private void allowed(Map<String, Object> m, Set<String> keys, String path, String schema) {
    List<String> extra = m.keySet().stream().filter(k -> !keys.contains(k)).toList();
    if (!extra.isEmpty()) {
      String names = String.join(", ", extra.stream().map(k -> "'" + k + "'").toList());
      error("Additional properties are not allowed (" + names
              + (extra.size() == 1 ? " was" : " were") + " unexpected)",
          path.isEmpty() ? null : path,
          (schema.isEmpty() ? "" : schema + ".") + "additionalProperties");
    }
  }

  private String optionalString(Map<String, Object> m, String key, String path, String schema) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      error(repr(v) + " is not of type 'string'", path, schema + ".type");
      return null;
    }
    if (s.isEmpty()) {
      error("'' is too short", path, schema + ".minLength");
      return null;
    }
    return s;
  }

  private Object stringOrPositiveInt(Map<String, Object> m, String key, String path, String schema) {
    if (!m.containsKey(key)) {
      return null;
    }
    Object v = m.get(key);
    boolean ok = (v instanceof String s && !s.isEmpty())
        || (Values.isInteger(v) && ((Number) v).longValue() >= 0);
    if (!ok) {
      error(repr(v) + " is not valid under any of the given schemas", path + "." + key,
          schema + ".properties." + key + ".oneOf");
      return null;
    }
    return v;
  }

  private static String repr(Object v) {
    return dev.squall.core.python.PythonRepr.repr(v);
  }
}
