package dev.squall.core.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The identity of a trigger: its type plus its parameters. StackStorm creates one trigger object
 * per distinct parameter set, so a webhook with {@code url: foo} and one with {@code url: bar}
 * are different triggers, while two rules on {@code url: foo} share one. Parameters are compared
 * structurally (key order and integer width do not matter).
 *
 * <p>StackStorm names a parameterised trigger with a random UUID; Squall derives a name-based
 * UUID from the type and canonical parameters, so the same rule gets the same trigger ref on
 * every node and after every restart.
 *
 * @param type the trigger type ref, e.g. {@code core.st2.webhook}
 * @param parameters the trigger's parameters, normalised (sorted, immutable)
 */
public record TriggerRef(String type, Map<String, Object> parameters) {

  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public TriggerRef {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a trigger needs a type");
    }
    parameters = parameters == null ? Map.of() : normalizeMap(parameters);
  }

  public static TriggerRef of(String type, Map<String, Object> parameters) {
    return new TriggerRef(type, parameters);
  }

  public boolean parameterised() {
    return !parameters.isEmpty();
  }

  /** The pack of the trigger: its type's pack (the ref's part before the first dot). */
  public String pack() {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  /**
   * The trigger's name: the type's name when there are no parameters (StackStorm's shared
   * trigger), else a UUID derived from type and parameters.
   */
  public String name() {
    if (!parameterised()) {
      int dot = type.indexOf('.');
      return dot < 0 ? type : type.substring(dot + 1);
    }
    byte[] key = (type + "\n" + canonicalParameters()).getBytes(StandardCharsets.UTF_8);
    return UUID.nameUUIDFromBytes(key).toString();
  }

  /** {@code pack.name}: the ref a rule's {@code trigger.ref} shows. */
  public String ref() {
    return pack() + "." + name();
  }

  /** The parameters as canonical JSON (sorted keys), e.g. for storage and logs. */
  public String canonicalParameters() {
    try {
      return CANONICAL.writeValueAsString(parameters);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("trigger parameters are not JSON-serialisable", e);
    }
  }

  private static Map<String, Object> normalizeMap(Map<?, ?> map) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), normalize(v)));
    return Collections.unmodifiableSortedMap(sorted);
  }

  private static Object normalize(Object v) {
    return switch (v) {
      case Map<?, ?> m -> normalizeMap(m);
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        l.forEach(item -> out.add(normalize(item)));
        yield Collections.unmodifiableList(out);
      }
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b when b.bitLength() < 64 -> b.longValue();
      case Float f -> f.doubleValue();
      case BigDecimal d -> d.doubleValue();
      case null, default -> v;
    };
  }
}
