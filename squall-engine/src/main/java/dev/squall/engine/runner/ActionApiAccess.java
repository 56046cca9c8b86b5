package dev.squall.engine.runner;

import java.time.Duration;

/**
 * How an action process reaches Squall's REST API, as StackStorm gives its Python actions
 * {@code ST2_ACTION_API_URL} and a token of the execution's user in {@code ST2_ACTION_AUTH_TOKEN}
 * (what {@code self.action_service} datastore calls and st2client use).
 */
@FunctionalInterface
public interface ActionApiAccess {

  /**
   * Credentials for one execution, or null when there are none to give (no API, or a user
   * Squall does not know).
   *
   * @param user the execution's user
   * @param life how long the execution may run; the grant should not outlive it by much
   */
  Grant grant(String user, Duration life);

  /**
   * @param apiUrl the API's base, ending in {@code /api/v1}
   * @param revoke called once the execution is over
   */
  record Grant(String apiUrl, String token, Runnable revoke) {}

  ActionApiAccess NONE = (user, life) -> null;
}
