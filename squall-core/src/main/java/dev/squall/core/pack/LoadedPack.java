package dev.squall.core.pack;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.problem.Problem;
import dev.squall.core.rule.Rule;
import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.TriggerType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything read from one pack folder. Files with errors are left out of {@code actions},
 * {@code aliases} and {@code rules}; {@code problems} says why, with file and line.
 *
 * @param configSchema the parameters of {@code config.schema.yaml}, empty when the pack has none
 * @param refusedActions the actions left out for their files' errors, by ref, with those errors
 *     (so that running one says why it is not there)
 */
public record LoadedPack(
    Pack pack,
    List<ActionDef> actions,
    List<ActionAlias> aliases,
    Map<String, ParameterSpec> configSchema,
    List<Problem> problems,
    List<Rule> rules,
    List<SensorDef> sensors,
    List<TriggerType> declaredTriggerTypes,
    Map<String, List<Problem>> refusedActions) {

  public LoadedPack {
    refusedActions = refusedActions == null ? Map.of() : Map.copyOf(refusedActions);
    declaredTriggerTypes = declaredTriggerTypes == null ? List.of() : List.copyOf(declaredTriggerTypes);
    actions = List.copyOf(actions);
    aliases = List.copyOf(aliases);
    rules = rules == null ? List.of() : List.copyOf(rules);
    sensors = sensors == null ? List.of() : List.copyOf(sensors);
    configSchema = Collections.unmodifiableMap(new LinkedHashMap<>(configSchema));
    problems = List.copyOf(problems);
  }

  /** A pack none of whose actions was refused. */
  public LoadedPack(Pack pack, List<ActionDef> actions, List<ActionAlias> aliases,
      Map<String, ParameterSpec> configSchema, List<Problem> problems, List<Rule> rules,
      List<SensorDef> sensors, List<TriggerType> declaredTriggerTypes) {
    this(pack, actions, aliases, configSchema, problems, rules, sensors, declaredTriggerTypes, Map.of());
  }

  /** A pack without rules. */
  public LoadedPack(Pack pack, List<ActionDef> actions, List<ActionAlias> aliases,
      Map<String, ParameterSpec> configSchema, List<Problem> problems) {
    this(pack, actions, aliases, configSchema, problems, List.of(), List.of(), List.of());
  }

  /** A pack without trigger types of its own ({@code triggers/*.yaml}). */
  public LoadedPack(Pack pack, List<ActionDef> actions, List<ActionAlias> aliases,
      Map<String, ParameterSpec> configSchema, List<Problem> problems, List<Rule> rules,
      List<SensorDef> sensors) {
    this(pack, actions, aliases, configSchema, problems, rules, sensors, List.of());
  }

  /** A pack without sensors. */
  public LoadedPack(Pack pack, List<ActionDef> actions, List<ActionAlias> aliases,
      Map<String, ParameterSpec> configSchema, List<Problem> problems, List<Rule> rules) {
    this(pack, actions, aliases, configSchema, problems, rules, List.of(), List.of());
  }

  /** The trigger types the pack declares: {@code triggers/*.yaml}, then its sensors', in file order. */
  public List<TriggerType> triggerTypes() {
    return java.util.stream.Stream.concat(declaredTriggerTypes.stream(),
        sensors.stream().flatMap(s -> s.triggerTypes().stream())).toList();
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError);
  }
}
