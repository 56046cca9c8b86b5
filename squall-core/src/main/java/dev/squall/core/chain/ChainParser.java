package dev.squall.core.chain;

import dev.squall.core.template.TemplateEngine;
import dev.squall.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of action-chain files, with the checks StackStorm makes before a chain runs: the
 * JSON schema of its {@code ActionChain}/{@code Node} models ({@code additionalProperties: false},
 * required {@code chain}, {@code name}, {@code ref}; st2 checks only the first node against it, so
 * unknown keys of later nodes are warnings), {@code ChainHolder.validate} (every static {@code on-success},
 * {@code on-failure} and {@code default} names a node), plus what would fail on the first run:
 * duplicate node names and Jinja that does not parse. Every problem carries its line.
 */
public final class ChainParser {

  private static final Set<String> CHAIN_KEYS = Set.of("vars", "chain", "default");
  private static final Set<String> NODE_KEYS = Set.of("name", "ref", "parameters", "params",
      "publish", "on-success", "on-failure", "notify");

  private final TemplateEngine templates;

  public ChainParser(TemplateEngine templates) {
    this.templates = templates;
  }

  /** Inspects {@code doc} and, when nothing is wrong with it, gives the chain to run. */
  public ChainInspection inspect(YamlDocument doc) {
    return new Run(doc).inspect();
  }

  private final class Run {
    private final YamlDocument doc;
    private final List<ChainProblem> problems = new ArrayList<>();

    Run(YamlDocument doc) {
      this.doc = doc;
    }

    private void problem(String message, Object... path) {
      problems.add(ChainProblem.error(doc.lineOf(path), message));
    }

    private void warning(String message, Object... path) {
      problems.add(ChainProblem.warning(doc.lineOf(path), message));
    }

    private long errors() {
      return problems.stream().filter(ChainProblem::error).count();
    }

    @SuppressWarnings("unchecked")
    ChainInspection inspect() {
      Map<String, Object> spec = doc.rootMap();
      if (spec == null) {
        problem("The chain definition is not a mapping: " + describe(doc.root())
            + " is not of type 'object'");
        return new ChainInspection.Invalid(problems);
      }
      for (String k : spec.keySet()) {
        if (!CHAIN_KEYS.contains(k)) {
          problem("Additional properties are not allowed ('" + k + "' was unexpected)", k);
        }
      }
      Map<String, Object> vars = Map.of();
      if (spec.get("vars") instanceof Map<?, ?> v) {
        vars = (Map<String, Object>) v;
        vars.forEach((name, value) -> templates(value, "Failed rendering value for variable \""
            + name + "\"", List.of("vars", name)));
      } else if (spec.get("vars") != null) {
        problem(describe(spec.get("vars")) + " is not of type 'object' (in \"vars\")", "vars");
      }
      String defaultNode = null;
      if (spec.get("default") instanceof String d && !d.isBlank()) {
        defaultNode = d;
      } else if (spec.get("default") != null && !(spec.get("default") instanceof String)) {
        problem(describe(spec.get("default")) + " is not of type 'string' (in \"default\")",
            "default");
      }
      List<ActionChain.Node> nodes = new ArrayList<>();
      if (!spec.containsKey("chain")) {
        problem("'chain' is a required property");
      } else if (!(spec.get("chain") instanceof List<?> list)) {
        problem(describe(spec.get("chain")) + " is not of type 'array' (in \"chain\")", "chain");
      } else if (list.isEmpty()) {
        problem("Failed to find default node in the chain: it has no nodes.", "chain");
      } else {
        for (int i = 0; i < list.size(); i++) {
          ActionChain.Node node = node(i, list.get(i));
          if (node != null) {
            nodes.add(node);
          }
        }
        references(nodes, defaultNode);
      }
      return problems.stream().noneMatch(ChainProblem::error)
          ? new ChainInspection.Valid(new ActionChain(vars, defaultNode, nodes), problems)
          : new ChainInspection.Invalid(problems);
    }

    @SuppressWarnings("unchecked")
    private ActionChain.Node node(int i, Object raw) {
      if (!(raw instanceof Map<?, ?> m)) {
        problem("A chain node must be a mapping: " + describe(raw) + " is not of type 'object'",
            "chain", i);
        return null;
      }
      Map<String, Object> n = (Map<String, Object>) m;
      long before = errors();
      for (String k : n.keySet()) {
        if (!NODE_KEYS.contains(k) && i == 0) {
          problem("Additional properties are not allowed ('" + k + "' was unexpected)",
              "chain", i, k);
        } else if (!NODE_KEYS.contains(k)) {
          // st2's schema has "items": [Node.schema], which JSON schema reads as "the first item":
          // later nodes are never checked, and Node() drops what it does not know
          warning("'" + k + "' is not a node attribute; StackStorm ignores it (only the first"
              + " node is checked against the schema)", "chain", i, k);
        }
      }
      if (nonEmpty(n.get("parameters")) && nonEmpty(n.get("params"))) {
        problem("Either \"params\" or \"parameters\" attribute needs to be provided, but not both",
            "chain", i, "params");
      }
      String name = string(n, "name", i, true);
      String ref = string(n, "ref", i, true);
      String onSuccess = string(n, "on-success", i, false);
      String onFailure = string(n, "on-failure", i, false);
      String paramsKey = n.containsKey("parameters") ? "parameters" : "params";
      Map<String, Object> params = object(n, paramsKey, i);
      Map<String, Object> publish = object(n, "publish", i);
      String task = name == null ? "#" + (i + 1) : name;
      params.forEach((p, v) -> templates(v, "Failed rendering value for action parameter \"" + p
          + "\" in task \"" + task + "\"", List.of("chain", i, paramsKey, p)));
      publish.forEach((p, v) -> templates(v, "Failed rendering value for publish parameter \""
          + p + "\" in task \"" + task + "\"", List.of("chain", i, "publish", p)));
      if (errors() > before || name == null || ref == null) {
        return null;
      }
      return new ActionChain.Node(name, ref, params, publish, blankToNull(onSuccess),
          blankToNull(onFailure));
    }

    private void references(List<ActionChain.Node> nodes, String defaultNode) {
      Set<String> names = new HashSet<>();
      List<?> list = (List<?>) doc.rootMap().get("chain");
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Map<?, ?> m && m.get("name") instanceof String name
            && !names.add(name)) {
          problem("Duplicate node name \"" + name + "\": node names must be unique.",
              "chain", i, "name");
        }
      }
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> m)) {
          continue;
        }
        for (String key : List.of("on-success", "on-failure")) {
          if (m.get(key) instanceof String target && !target.isBlank() && !target.contains("{{")
              && !names.contains(target)) {
            problem("Unable to find node with name \"" + target + "\" referenced in \"" + key
                + "\" in task \"" + m.get("name") + "\".", "chain", i, key);
          }
        }
      }
      if (defaultNode != null && !defaultNode.contains("{{") && !names.contains(defaultNode)) {
        problem("Unable to find node with name \"" + defaultNode + "\" referenced in \"default\".",
            "default");
      }
    }

    private String string(Map<String, Object> n, String key, int i, boolean required) {
      Object v = n.get(key);
      if (v == null) {
        if (required) {
          problem("'" + key + "' is a required property", "chain", i);
        }
        return null;
      }
      if (!(v instanceof String s)) {
        problem(describe(v) + " is not of type 'string' (in \"" + key + "\")", "chain", i, key);
        return null;
      }
      return s;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Map<String, Object> n, String key, int i) {
      Object v = n.get(key);
      if (v == null) {
        return Map.of();
      }
      if (!(v instanceof Map<?, ?> m)) {
        problem(describe(v) + " is not of type 'object' (in \"" + key + "\")", "chain", i, key);
        return Map.of();
      }
      return (Map<String, Object>) m;
    }

    /** Every string in {@code value} (nested maps and lists included) must parse as Jinja. */
    private void templates(Object value, String what, List<Object> path) {
      if (value instanceof String s) {
        if (TemplateEngine.isTemplate(s)) {
          for (String error : templates.syntaxErrors(s)) {
            problem(what + " (template string=" + s + "): " + error, path.toArray());
          }
        }
      } else if (value instanceof Map<?, ?> m) {
        m.forEach((k, v) -> templates(v, what, append(path, k)));
      } else if (value instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) {
          templates(l.get(i), what, append(path, i));
        }
      }
    }
  }

  private static List<Object> append(List<Object> path, Object key) {
    List<Object> out = new ArrayList<>(path);
    out.add(key);
    return out;
  }

  private static boolean nonEmpty(Object v) {
    return v != null && !(v instanceof Map<?, ?> m && m.isEmpty());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String describe(Object v) {
    if (v == null) {
      return "None";
    }
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
