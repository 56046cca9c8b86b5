package dev.squall.engine.retention;

import dev.squall.engine.store.PostgresStores;
import dev.squall.engine.store.StoreConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRetentionTest extends RetentionContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }
}
