package dev.squall.engine.datastore;

import dev.squall.engine.store.PostgresStores;
import dev.squall.engine.store.StoreConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatastoreTest extends DatastoreContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }
}
