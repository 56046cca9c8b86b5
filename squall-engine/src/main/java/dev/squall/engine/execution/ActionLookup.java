package dev.squall.engine.execution;

import dev.squall.core.action.ActionDef;

/** Finds an action by its {@code pack.name} reference. */
@FunctionalInterface
public interface ActionLookup {

  /** @throws dev.squall.core.error.NotFoundException {@code Action with ref "X" not found } */
  ActionDef lookup(String ref);
}
