package dev.squall.engine.execution;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Masks secret parameters of an execution before it is shown to a user (REST, stream, chat,
 * logs). The store and the bus keep them in clear; the layer that shows an execution calls this,
 * with the action's secret parameters and its runner's.
 */
public final class SecretMasking {

  /** StackStorm's mask. */
  public static final String MASK = "********";

  private SecretMasking() {}

  /** The names of the action's parameters declared {@code secret: true}. */
  public static Set<String> secretParameters(ActionDef action) {
    return action.parameters().values().stream()
        .filter(ParameterSpec::secret)
        .map(ParameterSpec::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** A copy of {@code e} whose named parameters, where present, read {@value #MASK}. */
  public static Execution mask(Execution e, Collection<String> secretNames) {
    if (secretNames.stream().noneMatch(e.parameters()::containsKey)) {
      return e;
    }
    Map<String, Object> params = new LinkedHashMap<>(e.parameters());
    for (String name : secretNames) {
      params.computeIfPresent(name, (k, v) -> MASK);
    }
    return new Execution(e.id(), e.actionRef(), e.runnerType(), java.util.Collections
        .unmodifiableMap(params), e.context(), e.status(), e.startTimestamp(),
        e.endTimestamp(), e.result(), e.log());
  }
}
