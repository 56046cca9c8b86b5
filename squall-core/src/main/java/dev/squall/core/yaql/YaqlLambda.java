package dev.squall.core.yaql;

/**
 * An argument expression evaluated on demand with a new {@code $}: {@code apply(x)} binds {@code $}
 * and {@code $1} to {@code x}, {@code $2} to the second value, and so on.
 */
@FunctionalInterface
public interface YaqlLambda {
  Object apply(Object... dollars);
}
