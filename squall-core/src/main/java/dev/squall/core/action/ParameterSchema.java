package dev.squall.core.action;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.InvalidParametersException;
import dev.squall.core.python.PythonRepr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters an execution of one action accepts: the runner's parameters with the action's
 * declarations laid over them key by key (StackStorm's merge), and the validation and casting an
 * execution request goes through.
 */
public final class ParameterSchema {

  /** What secret values are replaced with wherever they are shown. */
  public static final String MASK = "********";

  private final Map<String, ParameterSpec> parameters;

  private ParameterSchema(Map<String, ParameterSpec> parameters) {
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** The schema of {@code action} run by {@code runner}; see {@link #merge(Map, Map)}. */
  public static ParameterSchema of(RunnerType runner, ActionDef action) {
    List<Violation> violations = checkOverrides(action.ref(), runner.parameters(),
        action.parameters());
    if (!violations.isEmpty()) {
      throw new BadRequestException(violations.stream().map(Violation::message)
          .collect(Collectors.joining("\n")));
    }
    return merge(runner.parameters(), action.parameters());
  }

  /** A schema of exactly these parameters (no runner), e.g. for a pack's config. */
  public static ParameterSchema of(Map<String, ParameterSpec> parameters) {
    return new ParameterSchema(parameters);
  }

  /**
   * Merges as StackStorm does: for a name both declare, the runner's declaration updated with the
   * action's attributes; runner parameters first, then the action's own. Does not validate; see
   * {@link #checkOverrides}.
   */
  public static ParameterSchema merge(
      Map<String, ParameterSpec> runnerParams, Map<String, ParameterSpec> actionParams) {
    Map<String, ParameterSpec> merged = new LinkedHashMap<>();
    runnerParams.forEach((name, runnerSpec) -> {
      ParameterSpec own = actionParams.get(name);
      if (own == null) {
        merged.put(name, runnerSpec);
      } else {
        Map<String, Object> decl = new LinkedHashMap<>(runnerSpec.schema());
        decl.putAll(own.schema());
        merged.put(name, ParameterSpecs.of(name, decl));
      }
    });
    actionParams.forEach(merged::putIfAbsent);
    return new ParameterSchema(merged);
  }

  /**
   * One way an action's parameter declaration conflicts with its runner.
   *
   * @param attribute the offending key of the declaration (type, immutable, default…)
   */
  public record Violation(String parameter, String attribute, String message) {}

  /**
   * What StackStorm's action validator rejects in how an action re-declares runner parameters
   * (with its messages), plus one rule of Squall's: an action may not change the default of a
   * parameter its runner declares immutable (StackStorm silently lets the action's default win).
   */
  public static List<Violation> checkOverrides(String actionRef,
      Map<String, ParameterSpec> runnerParams, Map<String, ParameterSpec> actionParams) {
    List<Violation> out = new ArrayList<>();
    actionParams.forEach((name, own) -> {
      ParameterSpec runnerSpec = runnerParams.get(name);
      Map<String, Object> decl = own.schema();
      if (runnerSpec != null) {
        decl.forEach((attr, value) -> {
          if (!OVERRIDABLE.contains(attr)
              && !java.util.Objects.equals(value, runnerSpec.schema().get(attr))) {
            out.add(new Violation(name, attr, "The attribute \"" + attr + "\" for the runner"
                + " parameter \"" + name + "\" in action \"" + actionRef + "\" cannot be"
                + " overridden."));
          }
        });
        if (runnerSpec.schema().containsKey("immutable") && decl.containsKey("immutable")) {
          out.add(new Violation(name, "immutable", "Param " + name + " is declared immutable in"
              + " runner. Cannot override in action."));
        } else if (runnerSpec.immutable() && own.hasDefault()
            && !java.util.Objects.equals(own.defaultValue(), runnerSpec.defaultValue())) {
          out.add(new Violation(name, "default", "Param " + name + " is declared immutable in"
              + " runner. Cannot override its default in action (runner default: "
              + PythonRepr.repr(runnerSpec.defaultValue()) + ")."));
        }
      }
      boolean hasDefault = own.hasDefault() || (runnerSpec != null && runnerSpec.hasDefault());
      if (decl.containsKey("immutable") && !hasDefault) {
        out.add(new Violation(name, "immutable", "Immutable param " + name
            + " requires a default value."));
      }
    });
    return out;
  }

  /** The attributes of a runner parameter an action may change (StackStorm's list). */
  private static final java.util.Set<String> OVERRIDABLE =
      java.util.Set.of("default", "description", "enum", "immutable", "required");

  /** Every parameter, runner's first, in declaration order. */
  public Map<String, ParameterSpec> parameters() {
    return parameters;
  }

  /**
   * Validates an execution's parameters and returns them cast to their declared types, with
   * defaults applied. Defaults that are still templates ({@code {{ }}} or {@code {% %}}) are passed
   * through uncast: they are rendered, then cast, by the caller.
   *
   * @throws BadRequestException naming every offending parameter, with StackStorm's wording
   */
  public Map<String, Object> validateAndCast(Map<String, Object> given) {
    Map<String, Object> in = given == null ? Map.of() : given;
    List<String> errors = new ArrayList<>();
    Map<String, String> byParameter = new LinkedHashMap<>();
    for (String name : in.keySet()) {
      if (!parameters.containsKey(name)) {
        String hint = Closest.of(name, parameters.keySet())
            .map(c -> " Did you mean '" + c + "'?").orElse("");
        errors.add("Additional properties are not allowed (" + PythonRepr.repr(name)
            + " was unexpected)." + hint);
        byParameter.putIfAbsent(name, "Unknown parameter." + hint);
      }
    }
    List<String> overridden = in.keySet().stream()
        .filter(n -> parameters.containsKey(n) && parameters.get(n).immutable())
        .collect(Collectors.toList());
    if (!overridden.isEmpty()) {
      errors.add("Override of immutable parameter(s) " + PythonRepr.repr(overridden)
          + " is unsupported.");
      overridden.forEach(n -> byParameter.putIfAbsent(n, "Immutable: it cannot be changed."));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParameterSpec spec : parameters.values()) {
      Object value = in.get(spec.name());
      if (value == null && !Casts.NONE_MAGIC.equals(spec.defaultValue())) {
        value = spec.defaultValue();
        if (isTemplate(value)) {
          out.put(spec.name(), value); // rendered, then cast, by the caller
          continue;
        }
      }
      if (value == null || Casts.NONE_MAGIC.equals(value)) {
        if (spec.required()) {
          errors.add(PythonRepr.repr(spec.name()) + " is a required property");
          byParameter.putIfAbsent(spec.name(), "Required");
        }
        continue;
      }
      try {
        out.put(spec.name(), cast(spec, value));
      } catch (Casts.CastFailure e) {
        // A secret typed into the wrong parameter type must not come back in the error.
        String problem = spec.secret() ? "the value (a secret, not shown) is not a valid "
            + spec.type() : e.getMessage();
        errors.add(problem + " (parameter \"" + spec.name() + "\")");
        byParameter.putIfAbsent(spec.name(), problem);
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidParametersException(String.join("\n", errors), byParameter);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Casts one value, then its array items (when {@code items.type} says), then checks enum. */
  private static Object cast(ParameterSpec spec, Object value) throws Casts.CastFailure {
    Object cast = Casts.cast(value, spec.type());
    if (cast instanceof List<?> list && spec.schema().get("items") instanceof Map<?, ?> items
        && items.get("type") instanceof String itemType) {
      List<Object> castItems = new ArrayList<>(list.size());
      for (Object item : list) {
        castItems.add(Casts.cast(item, itemType));
      }
      cast = Collections.unmodifiableList(castItems);
    }
    List<Object> allowed = spec.enumValues();
    if (allowed != null && !allowed.isEmpty() && !allowed.contains(cast)) {
      throw new Casts.CastFailure(PythonRepr.repr(cast) + " is not one of " + PythonRepr.repr(allowed));
    }
    return cast;
  }

  /** A copy of {@code values} with every secret parameter's value replaced by {@link #MASK}. */
  public Map<String, Object> maskSecrets(Map<String, Object> values) {
    return maskSecrets(parameters, values);
  }

  /** Masking against any parameter map (an action's, a pack config's). */
  public static Map<String, Object> maskSecrets(
      Map<String, ParameterSpec> specs, Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      ParameterSpec spec = specs.get(k);
      out.put(k, spec != null && spec.secret() && v != null ? MASK : v);
    });
    return Collections.unmodifiableMap(out);
  }

  /** True for a string that Jinja would still render. */
  public static boolean isTemplate(Object value) {
    return value instanceof String s && (s.contains("{{") || s.contains("{%"));
  }
}
