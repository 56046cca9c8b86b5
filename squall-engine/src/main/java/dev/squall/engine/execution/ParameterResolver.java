package dev.squall.engine.execution;

import dev.squall.core.action.ActionDef;
import java.util.Map;

/**
 * Turns the parameters a caller gave into the ones a runner gets: validated against the action's
 * and its runner's schema, cast, defaults applied and templates rendered against the context.
 */
@FunctionalInterface
public interface ParameterResolver {

  /** @throws dev.squall.core.error.BadRequestException naming the parameter that is wrong */
  Map<String, Object> resolve(ActionDef action, Map<String, Object> given,
      Map<String, Object> context);
}
