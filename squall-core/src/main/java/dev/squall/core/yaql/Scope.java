package dev.squall.core.yaql;

import java.util.Map;

/**
 * The variables an expression sees ({@code $}, {@code $name}, {@code $1}): a chain of immutable
 * frames, so a lambda or a {@code let} adds names without touching its caller's.
 */
record Scope(Scope parent, Map<String, Object> vars) {

  static final Object ABSENT = new Object();

  Object lookup(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      Object v = s.vars.getOrDefault(name, ABSENT);
      if (v != ABSENT) {
        return v;
      }
    }
    return null;
  }

  Scope child(Map<String, Object> more) {
    return new Scope(this, more);
  }
}
