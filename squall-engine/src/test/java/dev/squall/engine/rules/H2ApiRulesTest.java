package dev.squall.engine.rules;

import dev.squall.engine.store.StoreConfig;
import java.util.UUID;

class H2ApiRulesTest extends ApiRulesContract {

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2Memory("api-rules-" + UUID.randomUUID());
  }
}
