package dev.squall.engine.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresNodeStoreTest extends NodeStoreContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }
}
