package dev.squall.engine.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresOutputUpgradeTest extends OutputUpgradeContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }
}
