package dev.squall.core.action;

import java.util.Map;

/**
 * A runner as the API lists it ({@code /api/v1/runnertypes}): its name and the parameters every
 * action of that runner inherits. {@code supported} is false for StackStorm runners Squall knows
 * by name but cannot run yet; their actions load with a warning.
 */
public record RunnerType(
    String name, String description, boolean supported, Map<String, ParameterSpec> parameters) {

  public RunnerType {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
  }
}
