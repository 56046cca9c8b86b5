package dev.squall.engine.notify;

import dev.squall.engine.store.StoreConfig;
import java.util.UUID;

class H2NotifierTest extends NotifierContract {

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2Memory("notify-" + UUID.randomUUID());
  }
}
