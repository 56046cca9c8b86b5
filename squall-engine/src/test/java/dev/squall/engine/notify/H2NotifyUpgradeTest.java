package dev.squall.engine.notify;

import dev.squall.engine.store.StoreConfig;
import java.util.UUID;

class H2NotifyUpgradeTest extends NotifyUpgradeContract {

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2Memory("notify-upgrade-" + UUID.randomUUID());
  }
}
