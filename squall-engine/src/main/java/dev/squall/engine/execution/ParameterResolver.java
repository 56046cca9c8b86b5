package dev.squall.engine.execution;

import dev.squall.core.action.ActionDef;
import java.util.Map;
import java.util.Set;

/**
 * Turns the parameters a caller gave into the ones a runner gets: validated against the action's
 * and its runner's schema, cast, defaults applied and templates rendered against the context,
 * and says which of them are secret.
 */
@FunctionalInterface
public interface ParameterResolver {

  /**
   * @param given the values given: a caller's are taken as they are (never rendered); with
   *     {@code event}, those that are templates were written by a rule's author and are rendered
   *     against the event, every value from it quoted as data in a shell command line
   * @param event the untrusted data a rule's templates see ({@code trigger}), or null
   * @throws dev.squall.core.error.BadRequestException naming the parameter that is wrong
   */
  Resolved resolve(ActionDef action, Map<String, Object> given, EventData event,
      Map<String, Object> context);

  /**
   * The parameters of a stored execution that a re-run may pass again as if given by a caller:
   * immutable values (which a caller may not give) are left out and re-derived. By default all.
   */
  default Map<String, Object> rerunnable(ActionDef action, Map<String, Object> stored) {
    return stored;
  }

  /**
   * The parameters a runner gets, the names of the secret ones among them (declared
   * {@code secret}, or derived from a secret), and the plain texts of the datastore secrets
   * they were rendered from (what the runner's output is redacted of, beside the secret values).
   */
  record Resolved(Map<String, Object> values, Set<String> secrets, Set<String> secretTexts) {
    public Resolved {
      secrets = Set.copyOf(secrets);
      secretTexts = Set.copyOf(secretTexts);
    }

    /** Values none of which is secret. */
    public static Resolved plain(Map<String, Object> values) {
      return new Resolved(values, Set.of(), Set.of());
    }
  }

  /**
   * Event data (a trigger instance's payload, as {@code trigger}) that a rule's parameter
   * templates are rendered against: never trusted, so never shell syntax (DESIGN divergence 12).
   */
  record EventData(Map<String, Object> variables) {
    public EventData {
      variables = Map.copyOf(variables);
    }

    /** {@code {trigger: payload}}, what StackStorm's rules engine renders with. */
    public static EventData trigger(Map<String, Object> payload) {
      return new EventData(Map.of("trigger", payload == null ? Map.of() : payload));
    }
  }
}
