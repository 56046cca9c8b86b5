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

  /**
   * The parameters of a stored execution that a re-run may pass again as if given by a caller:
   * immutable values (which a caller may not give) are left out and re-derived. By default all.
   */
  default Map<String, Object> rerunnable(ActionDef action, Map<String, Object> stored) {
    return stored;
  }
}
