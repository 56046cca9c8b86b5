package dev.squall.core.rule;

import dev.squall.core.problem.Problem;
import dev.squall.core.python.PythonRepr;
import dev.squall.core.regex.PythonRegex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Load-time checks of a rule's criteria: what StackStorm's {@code validate_criteria} rejects,
 * plus warnings for criteria that can never match.
 */
final class CriteriaChecks {

  private final Path file;
  private final YamlLines lines;
  private final List<Problem> problems = new ArrayList<>();

  CriteriaChecks(Path file, YamlLines lines) {
    this.file = file;
    this.lines = lines;
  }

  List<Problem> check(Map<?, ?> criteria) {
    check(criteria, "trigger", new String[] {"criteria"});
    return problems;
  }

  private void check(Map<?, ?> criteria, String root, String[] where) {
    for (Map.Entry<?, ?> e : criteria.entrySet()) {
      String key = String.valueOf(e.getKey());
      String[] at = append(where, key);
      int line = lines.line(at);
      try {
        String pathRoot = PayloadPath.parse(key.split("#", 2)[0]).root();
        if (pathRoot.equals("st2kv") && root.equals("trigger")) {
          warn(line, "criteria key \"" + key + "\" reads the datastore, which Squall criteria "
              + "do not support; use a pattern such as \"{{ st2kv.system.x }}\" instead");
        } else if (!pathRoot.equals(root)) {
          warn(line, "criteria key \"" + key + "\" does not start with \"" + root
              + ".\", so it finds nothing to compare");
        }
      } catch (IllegalArgumentException ex) {
        error(line, "criteria key \"" + key + "\" is not a valid path: " + ex.getMessage());
      }
      if (!(e.getValue() instanceof Map<?, ?> spec)) {
        error(line, "criterion \"" + key + "\" must be a mapping with type and pattern");
        continue;
      }
      checkOne(key, spec, at);
    }
  }

  private void checkOne(String key, Map<?, ?> spec, String[] at) {
    int line = lines.line(at);
    Object type = spec.get("type");
    if (!(type instanceof String name)) {
      error(line, "Operator not specified for field: " + key);
      return;
    }
    Operator op = Operator.allNames().contains(name) ? Operator.lookup(name).orElseThrow() : null;
    if (op == null) {
      error(lines.line(append(at, "type")), "For field: " + key + ", operator \"" + name
          + "\" is not a criteria operator (did you mean \"" + Operator.closest(name) + "\"?)");
      return;
    }
    Object pattern = spec.get("pattern");
    if (pattern == null && !op.ignoresPattern()) {
      error(line, "For field: " + key + ", no pattern specified for operator " + name);
      return;
    }
    int patternLine = lines.line(append(at, "pattern"));
    switch (op) {
      case SEARCH -> checkSearch(key, spec, at);
      case REGEX, IREGEX, MATCHREGEX -> checkRegex(key, pattern, patternLine);
      case TIMEDIFF_LT, TIMEDIFF_GT -> {
        if (!(pattern instanceof Number) && !isTemplate(pattern)) {
          warn(patternLine, "criterion \"" + key + "\": " + name
              + " compares seconds, so its pattern must be a number, not " + PythonRepr.repr(pattern));
        }
      }
      default -> { }
    }
  }

  private void checkSearch(String key, Map<?, ?> spec, String[] at) {
    Object condition = spec.get("condition");
    if (!"any".equals(condition) && !"all".equals(condition)) {
      error(lines.line(append(at, "condition")), "criterion \"" + key
          + "\": search needs condition any or all, not " + PythonRepr.repr(condition));
    }
    if (spec.get("pattern") instanceof Map<?, ?> children) {
      check(children, "item", append(at, "pattern"));
    } else {
      error(lines.line(append(at, "pattern")), "criterion \"" + key
          + "\": the pattern of search must be a mapping of item.<path> criteria");
    }
  }

  private void checkRegex(String key, Object pattern, int line) {
    if (pattern instanceof String s && !isTemplate(s)) {
      try {
        PythonRegex.compile(s, 0);
      } catch (IllegalArgumentException e) {
        warn(line, "criterion \"" + key + "\": the regex " + PythonRepr.repr(s)
            + " does not compile, so it never matches: " + PythonRegex.reason(e));
      }
    }
  }

  private static boolean isTemplate(Object pattern) {
    return pattern instanceof String s && (s.contains("{{") || s.contains("{%"));
  }

  private static String[] append(String[] path, String key) {
    String[] out = Arrays.copyOf(path, path.length + 1);
    out[path.length] = key;
    return out;
  }

  private void error(int line, String message) {
    problems.add(Problem.error(file, line, message));
  }

  private void warn(int line, String message) {
    problems.add(Problem.warning(file, line, message));
  }
}
