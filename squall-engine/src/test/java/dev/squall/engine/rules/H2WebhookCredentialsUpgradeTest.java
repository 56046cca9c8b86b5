package dev.squall.engine.rules;

import dev.squall.engine.store.StoreConfig;
import java.util.UUID;

class H2WebhookCredentialsUpgradeTest extends WebhookCredentialsUpgradeContract {

  @Override
  protected StoreConfig freshStore() {
    return StoreConfig.h2Memory("webhook-upgrade-" + UUID.randomUUID());
  }
}
