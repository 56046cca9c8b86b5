package dev.squall.core.yaql;

import java.util.List;

/**
 * A function callable from YAQL, as {@code f(a, b)} or as a method {@code a.f(b)}.
 *
 * <p>{@code args} are the positional arguments, the receiver of a method call first: {@code
 * $.x.len()} and {@code len($.x)} both see {@code [x]}. Each argument is evaluated when first read
 * (then remembered), so a function that takes a lambda ({@code where($ > 1)}) reads it through
 * {@link YaqlCall#lambda(int)} instead and it is never evaluated against the outer {@code $}.
 * Keyword arguments ({@code name => v}) are in {@link YaqlCall#named()}.
 */
@FunctionalInterface
public interface YaqlFunction {
  Object call(List<Object> args, YaqlCall call);
}
