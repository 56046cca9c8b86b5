package dev.squall.engine.auth;

/**
 * Who is making a request, once authenticated.
 *
 * @param via how they proved it: {@code token}, {@code api_key}, or {@code internal} for calls
 *     the server makes on its own behalf (rules, the bot acting for a mapped chat user)
 */
public record Principal(String user, boolean admin, String via) {

  public static Principal internal(String user, boolean admin) {
    return new Principal(user, admin, "internal");
  }
}
