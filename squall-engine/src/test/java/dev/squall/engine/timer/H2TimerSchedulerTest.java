package dev.squall.engine.timer;

import dev.squall.engine.store.StoreConfig;
import java.util.UUID;

class H2TimerSchedulerTest extends TimerSchedulerContract {

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2Memory("timers-" + UUID.randomUUID());
  }
}
