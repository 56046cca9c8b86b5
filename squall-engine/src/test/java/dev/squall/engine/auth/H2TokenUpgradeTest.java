package dev.squall.engine.auth;

import dev.squall.engine.store.StoreConfig;
import java.util.UUID;

class H2TokenUpgradeTest extends TokenUpgradeContract {

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2Memory("token-upgrade-" + UUID.randomUUID());
  }
}
