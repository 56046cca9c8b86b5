package dev.squall.engine.rules;

import dev.squall.engine.store.StoreConfig;
import java.util.UUID;

class H2RulesEngineTest extends RulesEngineContract {

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2Memory("rules-" + UUID.randomUUID());
  }
}
