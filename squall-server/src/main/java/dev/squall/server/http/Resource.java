package dev.squall.server.http;

/** A family of endpoints (executions, actions, keys…) that registers its routes. */
@FunctionalInterface
public interface Resource {
  void register(Routes routes);
}
