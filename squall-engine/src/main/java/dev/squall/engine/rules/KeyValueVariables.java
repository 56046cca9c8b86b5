package dev.squall.engine.rules;

import dev.squall.core.template.KeyValueLookup;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code st2kv} template variable for rule and notify templates: {@code st2kv.system.a.b}
 * reads key {@code a.b}; a missing key prints as "". (Core's equivalent is private to
 * {@code ParameterRenderer}; this is the same behaviour for renderings outside parameters.)
 */
public final class KeyValueVariables {

  private KeyValueVariables() {}

  /** The {@code st2kv} map for one rendering; each key is read at most once. */
  public static Map<String, Object> st2kv(KeyValueLookup lookup) {
    Map<String, Optional<String>> cache = new ConcurrentHashMap<>();
    KeyValueLookup cached = (scope, key) ->
        cache.computeIfAbsent(scope + "\u0000" + key, k -> lookup.get(scope, key));
    return Map.of("system", new Prefix(cached, "system", ""),
        "user", new Prefix(cached, "user", ""));
  }

  /** A key path not (or not yet) naming a stored value. */
  private static final class Prefix extends AbstractMap<String, Object> {
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
      return lookup.get(scope, full).<Object>map(v -> v)
          .orElseGet(() -> new Prefix(lookup, scope, full));
    }

    @Override
    public boolean containsKey(Object key) {
      return true;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Set.of(); // listing the datastore through a template would read every key
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
