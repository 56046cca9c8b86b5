package dev.squall.engine.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** A PostgreSQL server that drops Squall's connections and refuses new ones. */
class PostgresStoreOutageTest extends StoreOutageContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  private StoreConfig store;

  @Override
  protected StoreConfig freshStore() {
    store = postgres.freshDatabase();
    return store;
  }

  @Override
  protected void breakStore() {
    postgres.refuseConnections(store, true);
  }

  @Override
  protected void repair() {
    postgres.refuseConnections(store, false);
  }
}
