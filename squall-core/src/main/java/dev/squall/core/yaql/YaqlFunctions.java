package dev.squall.core.yaql;

import java.util.Map;
import java.util.Objects;

/**
 * The functions an evaluation may call: yaql's standard library plus the caller's own (orquesta's
 * {@code ctx()}, {@code result()}...). Immutable; {@link #with} returns a new instance that shares
 * everything else, so adding per-evaluation functions costs one object.
 */
public final class YaqlFunctions {

  private static final YaqlFunctions STANDARD = new YaqlFunctions(null, StandardLibrary.functions());

  private final YaqlFunctions parent;
  private final Map<String, YaqlFunction> own;

  private YaqlFunctions(YaqlFunctions parent, Map<String, YaqlFunction> own) {
    this.parent = parent;
    this.own = own;
  }

  /** yaql's standard library (the functions orquesta registers). */
  public static YaqlFunctions standard() {
    return STANDARD;
  }

  /** A copy where {@code name} calls {@code f} (replacing any function of that name). */
  public YaqlFunctions with(String name, YaqlFunction f) {
    return new YaqlFunctions(this, Map.of(Objects.requireNonNull(name), Objects.requireNonNull(f)));
  }

  /** A copy where each name of {@code functions} calls its function (one level, however many). */
  public YaqlFunctions withAll(Map<String, YaqlFunction> functions) {
    return new YaqlFunctions(this, Map.copyOf(functions));
  }

  /** The function called {@code name}, or null. */
  public YaqlFunction find(String name) {
    for (YaqlFunctions fs = this; fs != null; fs = fs.parent) {
      YaqlFunction f = fs.own.get(name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }
}
