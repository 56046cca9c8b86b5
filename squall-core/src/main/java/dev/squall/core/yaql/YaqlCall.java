package dev.squall.core.yaql;

import java.util.Map;

/** What a {@link YaqlFunction} may know about the call it serves. */
public interface YaqlCall {

  /** The function's name as written. */
  String name();

  /** True for method-call syntax ({@code x.f()}); the receiver is then {@code args.get(0)}. */
  boolean hasReceiver();

  /** The receiver of a method call, or null when there is none. */
  Object receiver();

  /** The current {@code $} (inside a lambda, the lambda's {@code $}). */
  Object data();

  /** The data the whole evaluation started with (the outermost {@code $}). */
  Object root();

  /** A context variable ({@code $name}, {@code $1}); null when not set. */
  Object variable(String name);

  /** Number of positional arguments, receiver included. */
  int size();

  /** Positional argument {@code index} (receiver included) as a lambda over a new {@code $}. */
  YaqlLambda lambda(int index);

  /** Keyword arguments ({@code f(a, decrypt => true)}) in call order, evaluated. */
  Map<String, Object> named();

  /** Keyword argument {@code name} as a lambda, or null when the call has none by that name. */
  YaqlLambda namedLambda(String name);

  /** The functions this evaluation runs with. */
  YaqlFunctions functions();
}
