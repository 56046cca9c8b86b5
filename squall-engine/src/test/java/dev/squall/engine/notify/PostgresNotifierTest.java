package dev.squall.engine.notify;

import dev.squall.engine.store.PostgresStores;
import dev.squall.engine.store.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresNotifierTest extends NotifierContract {

  private static PostgresStores postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresStores.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }
}
