package dev.squall.core.template;

import com.hubspot.jinjava.objects.PyWrapper;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code st2kv} template variable: {@code st2kv.system.a.b} reads key {@code a.b} of the system
 * scope, as StackStorm's {@code KeyValueLookup} does. Each attribute step yields either the stored
 * string or a {@link Prefix} that can be stepped into further; a missing key prints as an empty
 * string (StackStorm's behaviour), so a template never fails on an absent key.
 */
public final class KeyValueScope {

  private KeyValueScope() {}

  /** The {@code st2kv} map for one rendering; values are read once and cached. */
  public static Map<String, Object> of(KeyValueLookup lookup) {
    KeyValueLookup cached = new Cached(lookup);
    return Map.of("system", new Prefix(cached, "system", ""), "user", new Prefix(cached, "user", ""));
  }

  /**
   * The lookup behind an {@code st2kv} map made by {@link #of}, for filters that need the
   * rendering's datastore ({@code decrypt_kv}); empty for anything else.
   */
  static Optional<KeyValueLookup> lookupOf(Object st2kv) {
    return st2kv instanceof Map<?, ?> map && map.get("system") instanceof Prefix p
        ? Optional.of(p.lookup) : Optional.empty();
  }

  /** Values read once per rendering; decryption is passed through, never cached. */
  private static final class Cached implements KeyValueLookup {
    private final KeyValueLookup lookup;
    private final Map<String, Optional<String>> cache = new ConcurrentHashMap<>();

    Cached(KeyValueLookup lookup) {
      this.lookup = lookup;
    }

    @Override
    public Optional<String> get(String scope, String key) {
      return cache.computeIfAbsent(scope + "\u0000" + key, k -> lookup.get(scope, key));
    }

    @Override
    public Optional<String> decrypt(String stored) {
      return lookup.decrypt(stored);
    }
  }

  /**
   * A key path not (or not yet) naming a stored value; prints as "". A PyWrapper, so that
   * Jinjava hands it to templates as it is instead of wrapping it in its own map type.
   */
  static final class Prefix extends AbstractMap<String, Object> implements PyWrapper {
    private final KeyValueLookup lookup;
    private final String scope;
    private final String path;

    Prefix(KeyValueLookup lookup, String scope, String path) {
      this.lookup = lookup;
      this.scope = scope;
      this.path = path;
    }

    @Override
    public Object get(Object key) {
      String full = path.isEmpty() ? String.valueOf(key) : path + "." + key;
      return lookup.get(scope, full).<Object>map(v -> v).orElseGet(() -> new Prefix(lookup, scope, full));
    }

    @Override
    public boolean containsKey(Object key) {
      return true;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      // Listing the datastore through a template is not supported: it would read every key.
      return Set.of();
    }

    /** The key this prefix names, as a template spells it ({@code st2kv.system.a.b}). */
    String keyName() {
      return "st2kv." + scope + (path.isEmpty() ? "" : "." + path);
    }

    @Override
    public String toString() {
      return "";
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
