package dev.squall.engine.datastore;

import java.time.Instant;

/**
 * A datastore entry. {@code value} is clear text when it was read with decryption, and the
 * stored ciphertext otherwise for secrets; {@code owner} is the user for user-scoped keys, else "".
 */
public record KeyValuePair(
    Scope scope, String owner, String name, String value, boolean secret, String description,
    Instant expiresAt, Instant updatedAt) {

  /** StackStorm's two scopes, as templates name them ({@code st2kv.system}, {@code st2kv.user}). */
  public enum Scope {
    SYSTEM, USER;

    public String wire() {
      return this == SYSTEM ? "st2kv.system" : "st2kv.user";
    }

    /** Accepts {@code system}, {@code st2kv.system}, {@code user}, {@code st2kv.user}. */
    public static Scope parse(String s) {
      if (s == null || s.isBlank()) {
        return SYSTEM;
      }
      return switch (s.trim()) {
        case "system", "st2kv.system" -> SYSTEM;
        case "user", "st2kv.user" -> USER;
        default -> throw new dev.squall.core.error.BadRequestException(
            "Invalid scope \"" + s + "\"; valid scopes are st2kv.system and st2kv.user");
      };
    }
  }
}
