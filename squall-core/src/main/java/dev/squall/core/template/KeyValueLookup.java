package dev.squall.core.template;

import java.util.Optional;

/**
 * Reads one datastore value for templates ({@code {{ st2kv.system.key }}}, {@code
 * {{ st2kv.user.key }}}). {@code scope} is {@code "system"} or {@code "user"}; for the user scope
 * the implementation knows whose keys to read (the execution's user). Called lazily: only keys a
 * template actually references are read, each at most once per rendering.
 */
@FunctionalInterface
public interface KeyValueLookup {

  /** The value stored under {@code key}, or empty when there is none. */
  Optional<String> get(String scope, String key);

  /**
   * The plain text of {@code stored} when it is a secret as this datastore stores it (encrypted
   * under the datastore's key), for the {@code decrypt_kv} filter; empty for any other value. The
   * default knows no secrets.
   */
  default Optional<String> decrypt(String stored) {
    return Optional.empty();
  }

  /** A lookup that knows no keys. */
  static KeyValueLookup none() {
    return (scope, key) -> Optional.empty();
  }
}
