package dev.squall.engine.inquiry;

import dev.squall.engine.store.PostgresStores;
import dev.squall.engine.store.StoreConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresApprovalsAcrossNodesTest extends ApprovalsAcrossNodesContract {

  @RegisterExtension static final PostgresStores postgres = new PostgresStores();

  @Override
  protected StoreConfig freshStore() {
    return postgres.freshDatabase();
  }
}
