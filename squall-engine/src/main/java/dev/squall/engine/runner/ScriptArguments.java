package dev.squall.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ParameterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns action parameters into a script's argv the way StackStorm's local-shell-script does
 * ({@code ShellScriptAction._get_script_arguments}, {@code action_db.get_args}): named arguments
 * first as {@code <kwarg_op><name>=<value>}, then positional ones by {@code position}. Each value
 * is one argv element: no shell ever sees it.
 */
final class ScriptArguments {

  private final ObjectMapper json;

  ScriptArguments(ObjectMapper json) {
    this.json = json;
  }

  /**
   * @param declared the action's parameters, in declaration order
   * @param values runner and action parameter values; {@code runnerParameters} are left out
   */
  List<String> build(Map<String, ParameterSpec> declared, Map<String, Object> values,
      Set<String> runnerParameters, String kwargOp) {
    // position -> name; a later declaration of the same position wins, as in StackStorm's dict
    TreeMap<Integer, String> positional = new TreeMap<>();
    declared.forEach((name, spec) -> {
      if (spec.position() != null && !runnerParameters.contains(name)) {
        positional.put(spec.position(), name);
      }
    });

    Map<String, Object> named = new LinkedHashMap<>();
    for (String name : declared.keySet()) {
      if (values.containsKey(name)) {
        named.put(name, values.get(name));
      }
    }
    values.forEach(named::putIfAbsent);
    named.keySet().removeAll(runnerParameters);
    named.keySet().removeAll(positional.values());

    List<String> argv = new ArrayList<>();
    named.forEach((name, value) -> {
      if (value == null || (value instanceof String s && s.isEmpty())) {
        return; // StackStorm ignores null and empty-string named arguments
      }
      if (value instanceof Boolean b) {
        if (b) {
          argv.add(kwargOp + name); // a flag: present when true, absent when false
        }
        return;
      }
      argv.add(kwargOp + name + "=" + text(value));
    });
    positional.forEach((position, name) -> {
      ParameterSpec spec = declared.get(name);
      argv.add(positionalText(spec.type(), values.get(name)));
    });
    return argv;
  }

  /** StackStorm's {@code serialize_positional_argument}: only the top-level value is serialized. */
  String positionalText(String type, Object value) {
    if (type == null) {
      return truthy(value) ? text(value) : "";
    }
    return switch (type) {
      case "string", "number", "float", "integer" -> value == null ? "" : text(value);
      case "boolean" -> value == null ? "" : truthy(value) ? "1" : "0";
      case "array", "list" -> value instanceof Collection<?> c && !c.isEmpty()
          ? String.join(",", c.stream().map(this::text).toList())
          : "";
      case "object" -> truthy(value) ? toJson(value) : "";
      case "null" -> "";
      default -> truthy(value) ? text(value) : "";
    };
  }

  /**
   * Python's {@code str()} for scalars; maps and lists as JSON, where StackStorm would give a
   * Python repr that no script can parse.
   */
  String text(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
      return toJson(value);
    }
    return value.toString();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** Python truthiness, which StackStorm's serializer relies on. */
  private static boolean truthy(Object value) {
    return switch (value) {
      case null -> false;
      case Boolean b -> b;
      case Number n -> n.doubleValue() != 0;
      case String s -> !s.isEmpty();
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }
}
