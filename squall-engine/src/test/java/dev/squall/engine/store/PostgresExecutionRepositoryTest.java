package dev.squall.engine.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresExecutionRepositoryTest extends ExecutionRepositoryContract {

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
